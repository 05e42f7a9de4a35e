/**
 * What the CR-v4 path needs from the timelock module: encrypt the weights to the beacon round
 * that will have been emitted by the time the chain reveals them. An interface, so the weight
 * setter does not depend on which beacon (drand quicknet, or the devchain's own) is used.
 */
import type { EpochClock } from '@horde/chain';

export interface TimelockInput {
  readonly hotkeyPublicKey: Uint8Array;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly versionKey: bigint;
  readonly clock: EpochClock;
  readonly currentBlock: number;
  /** `RevealPeriodEpochs` (hyperparameter `commitRevealPeriod`). */
  readonly revealPeriod: number;
}

export interface TimelockCommitter {
  encrypt(input: TimelockInput): { readonly commit: Uint8Array; readonly revealRound: number };
}
