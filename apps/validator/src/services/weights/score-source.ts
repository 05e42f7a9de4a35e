/**
 * Where the weight-setting task gets its scores: a `ScoreSource` maps a cycle to a score per miner
 * hotkey. The scoring issue brings the real one (reference §4.7); until then the default is
 * PROVISIONAL: per miner, the executor-seconds of its successful finished receipts (score_str > 0)
 * during the previous interval, whose block range is turned into times at `blockTimeMs` per block
 * back from now.
 */
import type { ReceiptsRepo } from '../../db/receipts';

/** The weight-setting interval being served and where the chain is. */
export interface WeightCycle {
  /** First block of the interval (weights are set once per interval). */
  readonly start: number;
  /** First block of the next interval. */
  readonly end: number;
  /** The current block. */
  readonly block: number;
  /** When `block` was read. */
  readonly at: Date;
}

export interface ScoreSource {
  /** Score per miner hotkey (any non-negative scale; normalised later). */
  scores(cycle: WeightCycle): Promise<Map<string, number>>;
}

export class ReceiptScoreSource implements ScoreSource {
  constructor(
    private readonly receipts: ReceiptsRepo,
    private readonly blockTimeMs = 12_000,
  ) {}

  scores(cycle: WeightCycle): Promise<Map<string, number>> {
    const length = cycle.end - cycle.start;
    const timeOf = (block: number): Date => new Date(cycle.at.getTime() - (cycle.block - block) * this.blockTimeMs);
    return this.receipts.executorSecondsByMiner(timeOf(cycle.start - length), timeOf(cycle.start));
  }
}
