/**
 * Timelock encryption to a beacon round, in the byte format subtensor decrypts
 * (`TLECiphertext<TinyBLS381>` serialized compressed by arkworks): the 32-byte ephemeral secret is
 * IBE-encrypted to the round's identity and the payload is AES-GCM-encrypted with it. Anyone holding
 * the beacon's signature for that round can decrypt; nobody can before the beacon signs it.
 */
import { randomBytes } from 'node:crypto';
import { roundIdentity } from './beacon';
import { timelockErrors } from './errors';
import { wasmDecrypt, wasmEncrypt } from './wasm';

export const BEACON_PUBLIC_KEY_LENGTH = 96;
export const BEACON_SIGNATURE_LENGTH = 48;
export const EPHEMERAL_SECRET_LENGTH = 32;

export interface TimelockEncryptOptions {
  /** The beacon's public key (compressed G2, 96 bytes), e.g. `QUICKNET.publicKey`. */
  readonly publicKey: Uint8Array;
  /** The 32-byte secret that keys AES-GCM; fresh random bytes unless given (tests only). */
  readonly ephemeralSecret?: Uint8Array;
}

function requireLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw timelockErrors.error('TIMELOCK_INPUT_INVALID', `${what} must be ${length} bytes`);
  }
}

/** Encrypts `payload` so that only the beacon's signature for `round` opens it. */
export function timelockEncrypt(payload: Uint8Array, round: number, options: TimelockEncryptOptions): Uint8Array {
  const identity = roundIdentity(round);
  requireLength(options.publicKey, BEACON_PUBLIC_KEY_LENGTH, 'beacon public key');
  const secret = options.ephemeralSecret ?? new Uint8Array(randomBytes(EPHEMERAL_SECRET_LENGTH));
  requireLength(secret, EPHEMERAL_SECRET_LENGTH, 'ephemeral secret');
  const out = wasmEncrypt(identity, payload, secret, options.publicKey);
  if (out instanceof Error) throw timelockErrors.error('TIMELOCK_INPUT_INVALID', out.message, { cause: out });
  return out;
}

/** Opens a timelock ciphertext with the beacon's signature (compressed G1, 48 bytes) for its round. */
export function timelockDecrypt(ciphertext: Uint8Array, signature: Uint8Array): Uint8Array {
  requireLength(signature, BEACON_SIGNATURE_LENGTH, 'beacon signature');
  if (!(ciphertext instanceof Uint8Array)) throw timelockErrors.error('TIMELOCK_INPUT_INVALID', 'ciphertext must be bytes');
  const out = wasmDecrypt(ciphertext, signature);
  if (out instanceof Error) throw timelockErrors.error('TIMELOCK_DECRYPT_FAILED', out.message, { cause: out });
  return out;
}
