import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, isHex, isU8a } from '@polkadot/util';
import { encodeAddress, mnemonicToMiniSecret, mnemonicValidate, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { hotkeyErrors } from './errors';

/** Bittensor addresses use the generic substrate SS58 prefix. */
export const SS58_FORMAT = 42;

/**
 * An sr25519 key with the secret it came from, so that it can be written back as a wallet file.
 * `secretSeed` is the 32-byte "mini secret" (substrate's seed; what btwallet stores as `secretSeed`).
 */
export interface Hotkey {
  readonly address: string;
  readonly publicKey: Uint8Array;
  readonly pair: KeyringPair;
  readonly secretSeed: Uint8Array;
  /** The BIP-39 phrase, when the key was made from one. */
  readonly secretPhrase: string | undefined;
}

/** A secret a key can be made from: a 32-byte seed (bytes or hex) or a BIP-39 phrase. */
export type KeySecret = { readonly seed: Uint8Array | string } | { readonly mnemonic: string };

let keyring: Keyring | undefined;

function getKeyring(): Keyring {
  keyring ??= new Keyring({ type: 'sr25519', ss58Format: SS58_FORMAT });
  return keyring;
}

/** The key for a 32-byte seed (`0x`-hex or bytes), as substrate's `Pair::from_seed` (Ed25519 expansion). */
export function hotkeyFromSeed(seed: Uint8Array | string): Hotkey {
  return fromMiniSecret(parseSeed(seed), undefined);
}

/** The key for a BIP-39 English phrase, as btwallet's `create_from_mnemonic` (no password, no path). */
export function hotkeyFromMnemonic(mnemonic: string): Hotkey {
  if (!mnemonicValidate(mnemonic)) throw hotkeyErrors.error('SECRET_INVALID', 'not a valid BIP-39 mnemonic');
  return fromMiniSecret(mnemonicToMiniSecret(mnemonic), mnemonic);
}

export function hotkeyFromSecret(secret: KeySecret): Hotkey {
  return 'mnemonic' in secret ? hotkeyFromMnemonic(secret.mnemonic) : hotkeyFromSeed(secret.seed);
}

/** The SS58 (format 42) address of a 32-byte public key given as bytes or hex (with or without `0x`). */
export function ss58FromPublicKey(publicKey: Uint8Array | string): string {
  const bytes = isU8a(publicKey) ? publicKey : hexBytes(publicKey);
  if (bytes === undefined || bytes.length !== 32) throw hotkeyErrors.error('PUBLIC_KEY_INVALID', 'expected 32 bytes');
  return encodeAddress(bytes, SS58_FORMAT);
}

function fromMiniSecret(secretSeed: Uint8Array, secretPhrase: string | undefined): Hotkey {
  // createFromPair, not addFromSeed: the shared keyring must not collect every key ever loaded.
  const pair = getKeyring().createFromPair(sr25519PairFromSeed(secretSeed), {}, 'sr25519');
  return { address: pair.address, publicKey: pair.publicKey, pair, secretSeed, secretPhrase };
}

function parseSeed(seed: Uint8Array | string): Uint8Array {
  const bytes = isU8a(seed) ? seed : hexBytes(seed);
  if (bytes === undefined || bytes.length !== 32) throw hotkeyErrors.error('SECRET_INVALID', 'seed must be 32 bytes');
  return Uint8Array.from(bytes);
}

function hexBytes(text: string): Uint8Array | undefined {
  const prefixed = text.startsWith('0x') ? text : `0x${text}`;
  return isHex(prefixed) ? hexToU8a(prefixed) : undefined;
}
