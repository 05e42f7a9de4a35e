import { u8aEq, u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { z } from 'zod';
import { hotkeyErrors } from './errors';
import { hotkeyFromMnemonic, hotkeyFromSeed, ss58FromPublicKey } from './keys';
import type { Hotkey } from './keys';

/*
 * The bittensor keyfile format (btwallet src/keyfile.rs): UTF-8 JSON whose values are all strings
 * (or null). Hotkeys: accountId, publicKey, privateKey, secretPhrase, secretSeed, ss58Address.
 * coldkeypub.txt: accountId, publicKey, ss58Address. Pure functions; file I/O is in wallet.ts.
 */

/** Prefixes btwallet uses to recognise an encrypted keyfile. */
const ENCRYPTION_PREFIXES = [
  ['$NACL', 'nacl'],
  ['$ANSIBLE_VAULT', 'ansible-vault'],
  ['gAAAAA', 'legacy-fernet'],
] as const;

export type KeyfileEncryption = (typeof ENCRYPTION_PREFIXES)[number][1];

/** btwallet decodes strictly: invalid UTF-8 is an error, not replacement characters. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** btwallet parses a keyfile as `HashMap<String, Option<String>>`: any other value is an error. */
const KeyfileJson = z.record(z.string(), z.string().nullable());

/** The encryption a keyfile's content announces, if any. */
export function keyfileEncryption(data: Uint8Array | string): KeyfileEncryption | undefined {
  const head = typeof data === 'string' ? data.slice(0, 16) : Buffer.from(data.subarray(0, 16)).toString('latin1');
  return ENCRYPTION_PREFIXES.find(([prefix]) => head.startsWith(prefix))?.[1];
}

/**
 * The key in a hotkey file, loaded in btwallet's order: `secretPhrase`, else `secretSeed`. A file
 * with only `privateKey` is refused (`KEYFILE_NO_SECRET`): its sp_core form (canonical scalar ‖
 * nonce) differs from polkadot-js's (scalar × 8 ‖ nonce), and btwallet never writes one without a
 * seed. When the file also states `ss58Address` / `publicKey` / `accountId`, they must match.
 */
export function parseHotkeyfile(data: Uint8Array | string, source: string): Hotkey {
  const fields = parseFields(data, source);
  const hotkey = keyFromFields(fields, source);
  checkStatedIdentity(fields, hotkey.publicKey, source);
  return hotkey;
}

/** The address in a `coldkeypub.txt` (its `ss58Address`, checked against `publicKey` if present). */
export function parseColdkeyPub(data: Uint8Array | string, source: string): { address: string; publicKey: Uint8Array } {
  const fields = parseFields(data, source);
  const address = fields['ss58Address'];
  if (address == null) throw hotkeyErrors.error('KEYFILE_INVALID', `${source}: no ss58Address`);
  const publicKey = decodeStatedAddress(address, source);
  checkStatedIdentity(fields, publicKey, source);
  return { address: ss58FromPublicKey(publicKey), publicKey };
}

/**
 * A hotkey file as btwallet writes it (compact JSON; btwallet's key order is a HashMap's, so any
 * order reads the same). `privateKey` is left out: loaders read the seed first, and polkadot-js
 * keeps the secret scalar in a different form than sp_core, so writing it would need a conversion
 * we cannot check against btwallet here.
 */
export function serializeHotkeyfile(hotkey: Hotkey): string {
  const publicKey = u8aToHex(hotkey.publicKey);
  return JSON.stringify({
    accountId: publicKey,
    publicKey,
    ...(hotkey.secretPhrase === undefined ? {} : { secretPhrase: hotkey.secretPhrase }),
    secretSeed: u8aToHex(hotkey.secretSeed),
    ss58Address: hotkey.address,
  });
}

/** A `coldkeypub.txt` for a public key. */
export function serializeColdkeyPub(publicKey: Uint8Array): string {
  const hex = u8aToHex(publicKey);
  return JSON.stringify({ accountId: hex, publicKey: hex, ss58Address: ss58FromPublicKey(publicKey) });
}

function parseFields(data: Uint8Array | string, source: string): Record<string, string | null> {
  const encryption = keyfileEncryption(data);
  if (encryption !== undefined) {
    throw hotkeyErrors.error('KEYFILE_ENCRYPTED', `${source} (${encryption})`, { context: { path: source, encryption } });
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : utf8.decode(data));
  } catch (cause) {
    throw hotkeyErrors.error('KEYFILE_INVALID', `${source}: not UTF-8 JSON`, { cause });
  }
  const parsed = KeyfileJson.safeParse(json);
  if (!parsed.success) {
    throw hotkeyErrors.error('KEYFILE_INVALID', `${source}: expected an object of strings`, { cause: parsed.error });
  }
  return parsed.data;
}

function keyFromFields(fields: Record<string, string | null>, source: string): Hotkey {
  const phrase = fields['secretPhrase'];
  const seed = fields['secretSeed'];
  try {
    if (phrase != null) return hotkeyFromMnemonic(phrase);
    if (seed != null) return hotkeyFromSeed(seed);
  } catch (cause) {
    if (hotkeyErrors.is(cause, 'SECRET_INVALID')) {
      throw hotkeyErrors.error('KEYFILE_INVALID', `${source}: ${phrase != null ? 'secretPhrase' : 'secretSeed'} is invalid`, { cause });
    }
    throw cause;
  }
  const what = fields['privateKey'] != null ? 'only privateKey, which is not supported' : 'no secret';
  throw hotkeyErrors.error('KEYFILE_NO_SECRET', `${source} has ${what}`);
}

function checkStatedIdentity(fields: Record<string, string | null>, publicKey: Uint8Array, source: string): void {
  const address = fields['ss58Address'];
  if (address != null && !u8aEq(decodeStatedAddress(address, source), publicKey)) {
    throw hotkeyErrors.error('KEYFILE_ADDRESS_MISMATCH', `${source}: ss58Address ${address} is not ${ss58FromPublicKey(publicKey)}`);
  }
  for (const field of ['publicKey', 'accountId'] as const) {
    const stated = fields[field];
    if (stated != null && stated.toLowerCase().replace(/^0x/, '') !== u8aToHex(publicKey, -1, false)) {
      throw hotkeyErrors.error('KEYFILE_ADDRESS_MISMATCH', `${source}: ${field} does not match the key`);
    }
  }
}

function decodeStatedAddress(address: string, source: string): Uint8Array {
  try {
    const key = decodeAddress(address);
    if (key.length === 32 && !address.startsWith('0x')) return key;
  } catch (cause) {
    throw hotkeyErrors.error('KEYFILE_INVALID', `${source}: ss58Address is not a valid address`, { cause });
  }
  throw hotkeyErrors.error('KEYFILE_INVALID', `${source}: ss58Address is not a valid address`);
}
