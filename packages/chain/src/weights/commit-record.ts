/**
 * What a validator keeps from a CR-v2 commit until it reveals: the exact values that were hashed,
 * the hash, and the epoch in which the chain accepts the reveal. JSON-safe (the u64 version key is
 * a decimal string) so it can live in a database column and be re-parsed after a restart.
 */
import { z } from 'zod';
import { commitHash } from './commit-hash';

const U16 = z.number().int().min(0).max(65535);

export const CommitRecord = z.object({
  netuid: U16,
  /** SS58 address of the committing hotkey. */
  hotkey: z.string().min(1),
  uids: z.array(U16),
  values: z.array(U16),
  salt: z.array(U16),
  versionKey: z.string().regex(/^\d+$/),
  commitHash: z.string().regex(/^0x[0-9a-f]{64}$/),
  /** Block at which the commit was sent. */
  commitBlock: z.number().int().nonnegative(),
  /** subtensor epoch index in which `reveal_weights` succeeds (commit epoch + RevealPeriodEpochs). */
  revealEpoch: z.number().int().nonnegative(),
});
export type CommitRecord = z.infer<typeof CommitRecord>;

export interface NewCommit {
  readonly netuid: number;
  readonly hotkey: string;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly salt: readonly number[];
  readonly versionKey: bigint | number;
  readonly commitBlock: number;
  /** subtensor epoch index of `commitBlock` (`EpochClock.epochIndex`). */
  readonly commitEpoch: number;
  /** `RevealPeriodEpochs` of the subnet (default 1). */
  readonly revealPeriodEpochs: number;
}

/** Hashes a commit and returns the record to persist before sending `commit_weights`. */
export function newCommitRecord(commit: NewCommit): CommitRecord {
  return CommitRecord.parse({
    netuid: commit.netuid,
    hotkey: commit.hotkey,
    uids: [...commit.uids],
    values: [...commit.values],
    salt: [...commit.salt],
    versionKey: BigInt(commit.versionKey).toString(),
    commitHash: commitHash(commit),
    commitBlock: commit.commitBlock,
    revealEpoch: commit.commitEpoch + commit.revealPeriodEpochs,
  });
}

export type RevealTiming = 'early' | 'due' | 'expired';

/** Whether a reveal sent in `currentEpoch` would be RevealTooEarly, accepted, or ExpiredWeightCommit. */
export function revealTiming(record: CommitRecord, currentEpoch: number): RevealTiming {
  if (currentEpoch < record.revealEpoch) return 'early';
  return currentEpoch === record.revealEpoch ? 'due' : 'expired';
}
