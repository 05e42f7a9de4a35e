/**
 * A commit-reveal v4 commit: the weights payload timelock-encrypted to a beacon round, ready for
 * `commit_timelocked_weights(netuid, commit, reveal_round, commit_reveal_version)`.
 */
import { QUICKNET } from './beacon';
import { timelockErrors } from './errors';
import { encodeWeightsPayload } from './payload';
import { timelockEncrypt } from './tlock';

/** subtensor's bound on `commit` (`MAX_CRV3_COMMIT_SIZE_BYTES`). */
export const MAX_TIMELOCK_COMMIT_BYTES = 5000;

/**
 * Bytes a timelock ciphertext adds to its plaintext: the IBE header (a G2 point and two 32-byte
 * vectors), the AES-GCM tag and nonce, the cipher-suite name and arkworks' u64 vector lengths.
 */
export const TIMELOCK_OVERHEAD_BYTES = 244;

export interface TimelockCommitInput {
  /** The committing hotkey: 32-byte public key or SS58 address (the chain checks it is the signer). */
  readonly hotkeyPublicKey: Uint8Array | string;
  readonly uids: readonly number[];
  /** u16 weights, as `weightsForEmit` produces them. */
  readonly values: readonly number[];
  readonly versionKey: bigint | number;
  /** The beacon round that opens the commit (see `revealRound`). */
  readonly revealRound: number;
  /** The beacon's public key; drand quicknet unless a devnet beacon is used. */
  readonly publicKey?: Uint8Array;
}

/**
 * Encrypts the weights for `revealRound`; TIMELOCK_COMMIT_TOO_LARGE past the chain's bound, which
 * the ciphertext (payload + TIMELOCK_OVERHEAD_BYTES) crosses above 1177 weights.
 */
export function timelockCommit(input: TimelockCommitInput): Uint8Array {
  const payload = encodeWeightsPayload({ hotkey: input.hotkeyPublicKey, uids: input.uids, values: input.values, versionKey: input.versionKey });
  const ciphertext = timelockEncrypt(payload, input.revealRound, { publicKey: input.publicKey ?? QUICKNET.publicKey });
  if (ciphertext.length > MAX_TIMELOCK_COMMIT_BYTES) {
    const detail = `${input.uids.length} weights make ${ciphertext.length} bytes, over ${MAX_TIMELOCK_COMMIT_BYTES}`;
    throw timelockErrors.error('TIMELOCK_COMMIT_TOO_LARGE', detail, { context: { uids: input.uids.length, bytes: ciphertext.length } });
  }
  return ciphertext;
}
