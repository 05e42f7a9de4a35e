/**
 * Commit-reveal v2: the hash `commit_weights` carries, byte-identical to subtensor's
 * `get_commit_hash` (and bittensor's `generate_weight_hash`): blake2b-256 of the SCALE encoding of
 * (hotkey AccountId32, netuid u16, uids Vec<u16>, values Vec<u16>, salt Vec<u16>, version_key u64).
 */
import { randomBytes } from 'node:crypto';
import { bnToU8a, compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import { chainWriteError } from '../extrinsics/errors';
import { U16_MAX } from './normalize';

/** Salt length bittensor uses (8 random bytes, each sent as a u16). */
export const SALT_LENGTH = 8;

export interface CommitHashInput {
  /** The validator hotkey: SS58 address or 32-byte public key. */
  readonly hotkey: string | Uint8Array;
  /** Netuid index (`mecid * 4096 + netuid`; the netuid for the main mechanism). */
  readonly netuid: number;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly salt: readonly number[];
  readonly versionKey: bigint | number;
}

function u16(value: number, what: string): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > U16_MAX) throw chainWriteError('WEIGHTS_INPUT_INVALID', `${what} ${value} is not a u16`);
  return bnToU8a(value, { bitLength: 16, isLe: true });
}

function vecU16(values: readonly number[], what: string): Uint8Array {
  return u8aConcat(compactToU8a(values.length), ...values.map((v) => u16(v, what)));
}

/** The SCALE bytes that are hashed (exposed for tests and the devchain). */
export function commitPreimage(input: CommitHashInput): Uint8Array {
  const account = typeof input.hotkey === 'string' ? decodeAddress(input.hotkey) : input.hotkey;
  if (account.length !== 32) throw chainWriteError('WEIGHTS_INPUT_INVALID', 'hotkey must be a 32-byte account');
  const versionKey = BigInt(input.versionKey);
  if (versionKey < 0n || versionKey >= 1n << 64n) throw chainWriteError('WEIGHTS_INPUT_INVALID', 'version key must be a u64');
  return u8aConcat(
    account,
    u16(input.netuid, 'netuid'),
    vecU16(input.uids, 'uid'),
    vecU16(input.values, 'value'),
    vecU16(input.salt, 'salt'),
    bnToU8a(versionKey, { bitLength: 64, isLe: true }),
  );
}

/** The 32-byte commit hash, as 0x-hex. */
export function commitHash(input: CommitHashInput): `0x${string}` {
  return u8aToHex(blake2AsU8a(commitPreimage(input), 256));
}

/** A fresh salt like bittensor's: `SALT_LENGTH` random bytes, each a u16 value below 256. */
export function generateSalt(length = SALT_LENGTH): number[] {
  return [...randomBytes(length)];
}
