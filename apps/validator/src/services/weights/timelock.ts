/**
 * The CR-v4 sealing step: the weights are timelock-encrypted (@horde/chain `timelockCommit`) to the
 * beacon round that will have been emitted a few blocks into the reveal epoch (`revealRound`), so
 * that the chain can open them then and nobody before. The beacon is the one the chain ingests
 * (`drandBeacon()`: drand quicknet on finney, the devchain's own in tests).
 */
import { DEFAULT_BLOCK_TIME_SECONDS, revealRound, timelockCommit } from '@horde/chain';
import type { Beacon, EpochClock } from '@horde/chain';

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
  encrypt(input: TimelockInput): Promise<{ readonly commit: Uint8Array; readonly revealRound: number }>;
}

export interface BeaconTimelockOptions {
  /** Seconds per block, to turn blocks until the reveal into time (12 on finney). */
  readonly blockTimeSeconds?: number;
  /** Unix time in seconds (tests). */
  readonly nowSeconds?: () => number;
}

/** Seals to the beacon `beaconOf` gives (read once, on the first commit; a failed read is retried next time). */
export function beaconTimelock(beaconOf: () => Promise<Beacon>, options: BeaconTimelockOptions = {}): TimelockCommitter {
  const blockTimeSeconds = options.blockTimeSeconds ?? DEFAULT_BLOCK_TIME_SECONDS;
  const nowSeconds = options.nowSeconds ?? (() => Date.now() / 1000);
  let known: Beacon | undefined;
  return {
    async encrypt(input) {
      const beacon = (known ??= await beaconOf());
      const round = revealRound({ clock: input.clock, currentBlock: input.currentBlock, revealPeriod: input.revealPeriod, blockTimeSeconds, beacon, nowSeconds: nowSeconds() });
      const commit = timelockCommit({ hotkeyPublicKey: input.hotkeyPublicKey, uids: input.uids, values: input.values, versionKey: input.versionKey, revealRound: round, publicKey: beacon.publicKey });
      return { commit, revealRound: round };
    },
  };
}
