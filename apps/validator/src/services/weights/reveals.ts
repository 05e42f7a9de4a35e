/**
 * The CR-v2 reveal step, run on every tick of the weight-setting task: each open commit of this
 * hotkey (from the database, so a restarted validator still reveals) is revealed with
 * `reveal_weights` once its reveal epoch has come (`revealTiming` 'due'). One whose epoch has passed
 * is marked expired (the chain would answer ExpiredWeightCommit); a retryable failure is retried on
 * the next tick, any other marks the commit failed with its code.
 */
import { revealTiming } from '@horde/chain';
import type { ChainWriter, EpochClock } from '@horde/chain';
import type { Logger } from '@horde/service';
import type { WeightsRepo } from '../../db/weights';
import { failureInfo } from './errors';

export interface RevealSummary {
  readonly revealed: number;
  readonly expired: number;
  readonly failed: number;
  readonly waiting: number;
}

export interface RevealerOptions {
  readonly writer: ChainWriter;
  readonly weights: WeightsRepo;
  readonly netuid: number;
  readonly logger: Logger;
}

export class Revealer {
  constructor(private readonly options: RevealerOptions) {}

  async run(block: number, clock: EpochClock): Promise<RevealSummary> {
    const { writer, weights, netuid, logger } = this.options;
    const summary = { revealed: 0, expired: 0, failed: 0, waiting: 0 };
    const epoch = clock.epochIndex(block);
    const open = (await weights.openCommits()).filter((commit) => commit.record.netuid === netuid && commit.record.hotkey === writer.address);
    for (const { id, record } of open) {
      const timing = revealTiming(record, epoch);
      const log = logger.child({ commitHash: record.commitHash, revealEpoch: record.revealEpoch, epoch, block });
      if (timing === 'early') {
        summary.waiting += 1;
      } else if (timing === 'expired') {
        await weights.markCommit(id, 'expired', 'TX_COMMIT_EXPIRED');
        log.warn('weight commit expired before it was revealed');
        summary.expired += 1;
      } else {
        try {
          const receipt = await writer.revealWeights({ netuid, uids: record.uids, values: record.values, salt: record.salt, versionKey: BigInt(record.versionKey) });
          await weights.markRevealed(id, receipt.txHash, receipt.blockNumber);
          log.info({ txBlock: receipt.blockNumber, outcome: 'revealed' }, 'weights revealed');
          summary.revealed += 1;
        } catch (err) {
          const failure = failureInfo(err);
          if (failure.retryable) {
            await weights.noteCommitError(id, failure.code);
            summary.waiting += 1;
          } else {
            await weights.markCommit(id, 'failed', failure.code);
            summary.failed += 1;
          }
          log.warn({ code: failure.code, retryable: failure.retryable, err }, 'weight reveal failed');
        }
      }
    }
    return summary;
  }
}
