/**
 * Epoch and cycle arithmetic, in one swappable module: the formula is the legacy subtensor rule
 * (finney through at least spec 343, subtensor `blocks_until_next_epoch` / `get_epoch_index`).
 * Newer runtimes schedule epochs from counters instead; a different `EpochClock` can then be
 * given to whoever needs block arithmetic, without touching its callers.
 */

/** Half-open block range `[start, end)`. Starts may be negative for the epoch around block 0. */
export interface BlockRange {
  readonly start: number;
  readonly end: number;
}

/** What callers need to know about epochs of one subnet. */
export interface EpochClock {
  /** Blocks until the block at which the chain runs the next epoch (0: this block runs it). */
  blocksUntilNextEpoch(block: number): number;
  /** subtensor's epoch index, which commit-reveal tags commits with. */
  epochIndex(block: number): number;
  /** The epoch containing `block`: it starts at the block where the chain ran the epoch. */
  epochContaining(block: number): BlockRange;
  /** Two epochs, the first an even one counted from the epoch containing block 0. */
  cycleContaining(block: number): BlockRange;
  /** Cycle number: cycles elapsed since the cycle containing block 0. */
  cycleNumber(block: number): number;
}

export interface SubnetTiming {
  readonly netuid: number;
  /** Blocks per epoch minus one, as stored on chain (`Tempo`, 360 on finney). */
  readonly tempo: number;
}

function checkTiming({ netuid, tempo }: SubnetTiming): void {
  if (!Number.isInteger(tempo) || tempo <= 0) throw new RangeError(`tempo must be a positive integer, got ${tempo}`);
  if (!Number.isInteger(netuid) || netuid < 0) throw new RangeError(`netuid must be a non-negative integer, got ${netuid}`);
}

function checkBlock(block: number): void {
  if (!Number.isSafeInteger(block) || block < 0) throw new RangeError(`block must be a non-negative integer, got ${block}`);
}

/** The legacy rule: the epoch runs at blocks where `(block + netuid + 1) % (tempo + 1) == tempo`. */
export function legacyEpochClock(timing: SubnetTiming): EpochClock {
  checkTiming(timing);
  const { netuid, tempo } = timing;
  const interval = tempo + 1;

  const blocksUntilNextEpoch = (block: number): number => {
    checkBlock(block);
    return tempo - ((block + netuid + 1) % interval);
  };

  const epochContaining = (block: number): BlockRange => {
    const next = block + blocksUntilNextEpoch(block);
    const start = next === block ? next : next - interval;
    return { start, end: start + interval };
  };

  const firstCycleStart = epochContaining(0).start;

  const cycleContaining = (block: number): BlockRange => {
    const epoch = epochContaining(block);
    const epochsSinceFirst = (epoch.start - firstCycleStart) / interval;
    const start = epochsSinceFirst % 2 === 1 ? epoch.start - interval : epoch.start;
    return { start, end: start + 2 * interval };
  };

  return {
    blocksUntilNextEpoch,
    epochIndex(block) {
      checkBlock(block);
      return Math.floor((block + netuid + 1) / interval);
    },
    epochContaining,
    cycleContaining,
    cycleNumber(block) {
      return (cycleContaining(block).start - firstCycleStart) / (2 * interval);
    },
  };
}
