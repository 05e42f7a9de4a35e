/**
 * Which beacon round a timelocked commit is encrypted to, as bittensor-drand's `generate_commit`
 * picks it: aim at the block 3 blocks into the reveal epoch (so its pulse is already on chain when
 * the chain decrypts), turn the blocks until then into seconds, and take the round the beacon will
 * have reached by then, rounded down. Pure: the clock, the time and the beacon are injected, so the
 * devchain can run it with fast blocks and its own beacon.
 */
import type { EpochClock } from '../epochs/epochs';
import type { Beacon } from './beacon';
import { QUICKNET } from './beacon';
import { timelockErrors } from './errors';

/** Blocks past the first block of the reveal epoch that the round is aimed at. */
export const REVEAL_BLOCK_OFFSET = 3;
/** Finney's block time. */
export const DEFAULT_BLOCK_TIME_SECONDS = 12;

export interface RevealRoundInput {
  readonly clock: EpochClock;
  /** The chain head when committing. */
  readonly currentBlock: number;
  /** `RevealPeriodEpochs` of the subnet (hyperparameter `commitRevealPeriod`). */
  readonly revealPeriod: number;
  /** Unix time in seconds; now unless given. */
  readonly nowSeconds?: number;
  readonly blockTimeSeconds?: number;
  /** The beacon's genesis and period; drand quicknet unless given. */
  readonly beacon?: Pick<Beacon, 'genesis' | 'period'>;
}

/** The first block whose epoch index is `revealPeriod` past that of `currentBlock`. */
export function firstRevealBlock(clock: EpochClock, currentBlock: number, revealPeriod: number): number {
  if (!Number.isSafeInteger(revealPeriod) || revealPeriod < 1) {
    throw timelockErrors.error('TIMELOCK_INPUT_INVALID', `reveal period must be a positive integer, got ${revealPeriod}`);
  }
  const revealEpoch = clock.epochIndex(currentBlock) + revealPeriod;
  let block = currentBlock;
  while (clock.epochIndex(block) < revealEpoch) block += clock.blocksUntilNextEpoch(block) + 1;
  return block;
}

/** The round to encrypt a commit made at `currentBlock` to (at least 1). */
export function revealRound(input: RevealRoundInput): number {
  const { clock, currentBlock, revealPeriod } = input;
  const blockTime = input.blockTimeSeconds ?? DEFAULT_BLOCK_TIME_SECONDS;
  const { genesis, period } = input.beacon ?? QUICKNET;
  if (!(blockTime > 0) || !(period > 0)) throw timelockErrors.error('TIMELOCK_INPUT_INVALID', 'block time and beacon period must be positive');
  const target = firstRevealBlock(clock, currentBlock, revealPeriod) + REVEAL_BLOCK_OFFSET;
  const targetSeconds = (input.nowSeconds ?? Date.now() / 1000) + (target - currentBlock) * blockTime;
  return Math.max(1, Math.floor((targetSeconds - genesis) / period));
}
