/**
 * The validator's weight-setting windows (ComputeHorde `set_scores`, DYNAMIC_COMMIT_REVEAL_*):
 * blocks are cut into intervals of `length` (722) starting at multiples of it; the first part is
 * the reveal window, the second the commit window, each ending `endMargin` (15) blocks early so
 * the transaction lands inside it.
 */
import type { BlockRange } from './epochs';

export interface CommitRevealWindowConfig {
  /** Interval length in blocks (DYNAMIC_COMMIT_REVEAL_WEIGHTS_INTERVAL, 722). */
  readonly length: number;
  /** Where the commit window opens inside the interval (DYNAMIC_COMMIT_REVEAL_COMMIT_START_OFFSET, 361). */
  readonly commitStartOffset: number;
  /** Blocks kept free at the end of each window (15). */
  readonly endMargin: number;
}

export const DEFAULT_COMMIT_REVEAL_WINDOWS: CommitRevealWindowConfig = { length: 722, commitStartOffset: 361, endMargin: 15 };

export interface CommitRevealWindows {
  /** The whole interval containing the block. */
  readonly interval: BlockRange;
  readonly reveal: BlockRange;
  readonly commit: BlockRange;
}

/** Windows of the interval containing `block`. */
export function commitRevealWindows(block: number, config: CommitRevealWindowConfig = DEFAULT_COMMIT_REVEAL_WINDOWS): CommitRevealWindows {
  const { length, commitStartOffset, endMargin } = config;
  if (!Number.isSafeInteger(block) || block < 0) throw new RangeError(`block must be a non-negative integer, got ${block}`);
  if (!(commitStartOffset > endMargin && length - commitStartOffset > endMargin)) throw new RangeError('windows would be empty');
  const start = block - (block % length);
  return {
    interval: { start, end: start + length },
    reveal: { start, end: start + commitStartOffset - endMargin },
    commit: { start: start + commitStartOffset, end: start + length - endMargin },
  };
}

/** True when `block` lies in `range`. */
export function inRange(block: number, range: BlockRange): boolean {
  return block >= range.start && block < range.end;
}
