import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, isHex, stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, sr25519Verify } from '@polkadot/util-crypto';
import { isReady as wasmIsReady, sr25519Verify as wasmSr25519Verify } from '@polkadot/wasm-crypto';
import { hotkeyErrors } from './errors';
import type { Hotkey } from './keys';

let readyPromise: Promise<void> | undefined;

/**
 * Initialises @polkadot/util-crypto's optional WASM backends once. Call it at start-up. Keys,
 * signing and verifying do not depend on it: sr25519 in @polkadot/util-crypto 14 is pure
 * JavaScript (@scure/sr25519), so they work before it resolves; once it has resolved, `verify`
 * uses the WASM build of schnorrkel, about ten times faster (0.3 ms instead of 3 ms here), which
 * matters on the job path where every receipt and user signature is checked.
 */
export function ready(): Promise<void> {
  readyPromise ??= cryptoWaitReady().then(() => undefined);
  return readyPromise;
}

/** A message to sign or verify: a string is signed as its UTF-8 bytes, always. */
export type Message = string | Uint8Array;

/**
 * Signs with sr25519 and returns `0x` + hex of the 64-byte signature, the reference's wire form.
 * Signatures are randomised, so two signatures of one message differ; compare by verifying.
 *
 * Unlike Python's `Keypair.sign`, a string that starts with `0x` is NOT hex-decoded here: it is
 * signed as text. Wrap it in `pythonMessageBytes` where the Python behaviour is wanted.
 */
export function sign(key: Hotkey | KeyringPair, message: Message): string {
  const pair = 'pair' in key ? key.pair : key;
  return u8aToHex(pair.sign(toBytes(message)));
}

/**
 * True when `signature` (`0x`-hex or bare hex, 64 bytes) is a valid sr25519 signature of `message`
 * by `ss58Address`, over the message itself or its `<Bytes>…</Bytes>` wrapping (as bittensor's
 * `Keypair.verify` accepts, for browser-wallet signatures). Never throws on bad input: a malformed
 * address or signature is simply false. Only ed25519/ecdsa keys are not considered, as in Python.
 */
export function verify(message: Message, signature: string, ss58Address: string): boolean {
  if (typeof signature !== 'string' || typeof ss58Address !== 'string') return false;
  if (typeof message !== 'string' && !(message instanceof Uint8Array)) return false;
  const publicKey = publicKeyOf(ss58Address);
  const sig = signatureBytes(signature);
  if (publicKey === undefined || sig === undefined) return false;
  const bytes = toBytes(message);
  return sr25519Check(bytes, sig, publicKey) || sr25519Check(u8aWrapBytes(bytes), sig, publicKey);
}

/** sr25519Verify throws on some malformed signatures (e.g. without the schnorrkel marker bit). */
function sr25519Check(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return wasmIsReady() ? wasmSr25519Verify(signature, message, publicKey) : sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
}

/**
 * The bytes Python's `Keypair.sign` / `Keypair.verify` use for `data`: a str starting with `0x` is
 * hex-decoded (every leading `0x` is stripped, as Rust's `trim_start_matches` does; invalid hex
 * throws `MESSAGE_HEX_INVALID`), any other str is UTF-8, bytes are used as they are.
 */
export function pythonMessageBytes(message: Message): Uint8Array {
  if (typeof message !== 'string') return message;
  if (!message.startsWith('0x')) return stringToU8a(message);
  let hex = message;
  while (hex.startsWith('0x')) hex = hex.slice(2);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw hotkeyErrors.error('MESSAGE_HEX_INVALID');
  return hexToU8a(`0x${hex}`);
}

function toBytes(message: Message): Uint8Array {
  return typeof message === 'string' ? stringToU8a(message) : message;
}

function publicKeyOf(ss58Address: string): Uint8Array | undefined {
  // decodeAddress also takes raw hex public keys; a bittensor ss58 address never starts with 0x.
  if (ss58Address.startsWith('0x')) return undefined;
  try {
    const key = decodeAddress(ss58Address);
    return key.length === 32 ? key : undefined;
  } catch {
    return undefined;
  }
}

function signatureBytes(signature: string): Uint8Array | undefined {
  const prefixed = signature.startsWith('0x') ? signature : `0x${signature}`;
  return isHex(prefixed, 512) ? hexToU8a(prefixed) : undefined;
}
