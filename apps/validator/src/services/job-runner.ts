/**
 * Runs one organic job to its end: route, try a miner, and fail over.
 *
 * Failover (beyond the reference): when a try ends before the job started on an executor (no
 * V0JobRequest sent yet) with a decline, a horde failure, a validator-side timeout or a connection
 * failure, the job is tried on the next routed miner under the same job uuid, up to `maxAttempts`
 * tries. Each try is recorded in `organic_jobs.attempts`. Once the job has started on an executor,
 * its outcome is final (the job may have had effects).
 *
 * Blame rule (reference §4.4 item 6, narrowed): a job failure is the user's fault and costs the
 * miner nothing; a busy decline costs nothing either (excuse receipts are not yet checked, so it is
 * not counted against the miner). Any other decline, any horde failure (the miner's or a validator
 * timeout / lost connection) adds a MinerIncident and blacklists the miner for `blacklistMs` (4 h).
 */
import type { Logger } from '@horde/service';
import type { MinerRow, MinersRepo } from '../db/miners';
import type { OrganicJobsRepo } from '../db/jobs';
import { finalStatus, outcomeSummary } from '../miner-client/outcome';
import type { MinerRunResult } from '../miner-client/outcome';
import { runOnMiner } from '../miner-client/run-on-miner';
import type { ProgressStatus, RunOnMinerDeps } from '../miner-client/run-on-miner';
import type { ValidatorMetrics } from '../observability/metrics';
import type { Router } from '../routing/router';
import type { OrganicJobRequest } from './organic-job-request';
import type { StatusReporter } from './status-reporter';

export interface JobRunnerOptions {
  readonly router: Router;
  readonly jobs: OrganicJobsRepo;
  readonly miners: MinersRepo;
  readonly reporter: StatusReporter;
  readonly minerClient: RunOnMinerDeps;
  readonly maxAttempts: number;
  readonly blacklistMs: number;
  readonly logger: Logger;
  readonly metrics: ValidatorMetrics;
}

export class JobRunner {
  constructor(private readonly options: JobRunnerOptions) {}

  /** Runs the job to its final status, then logs one summary line (outcome, tries, duration). */
  async run(job: OrganicJobRequest, signal: AbortSignal): Promise<void> {
    const startedAt = Date.now();
    const ended = await this.runToEnd(job, signal);
    this.options.metrics.jobRun(ended.outcome, (Date.now() - startedAt) / 1000);
    this.options.logger.info({ jobUuid: job.uuid, outcome: ended.outcome, attempts: ended.attempts, duration_ms: Date.now() - startedAt }, 'job ended');
  }

  private async runToEnd(job: OrganicJobRequest, signal: AbortSignal): Promise<{ outcome: string; attempts: number }> {
    const { router, jobs, reporter, metrics } = this.options;
    const clock = metrics.stageClock();
    const tried = new Set<string>();
    let last: MinerRunResult | undefined;
    while (tried.size < this.options.maxAttempts && !signal.aborted) {
      const [miner] = await router.candidates(job, tried);
      if (!miner) break;
      tried.add(miner.hotkey);
      metrics.routingPick(job.executor_class);
      if (last) metrics.failover(last.outcome.kind);
      await jobs.assignMiner(job.uuid, miner);
      clock.sent();
      const onProgress = (status: ProgressStatus): Promise<void> => {
        clock.reached(status);
        return reporter.progress(job.uuid, status).then(() => undefined);
      };
      last = await runOnMiner(job, miner, this.options.minerClient, { signal, onProgress });
      if (last.outcome.kind === 'completed') clock.reached('completed');
      await jobs.appendAttempt(job.uuid, {
        miner_hotkey: miner.hotkey,
        address: miner.address,
        port: miner.port,
        started_at: last.startedAt.toISOString(),
        ended_at: last.endedAt.toISOString(),
        outcome: last.outcome.kind,
        ...outcomeSummary(last.outcome),
      });
      await this.blame(miner, job, last);
      if (!canFailOver(last)) break;
      this.options.logger.info({ jobUuid: job.uuid, miner: miner.hotkey, outcome: last.outcome.kind }, 'failing over to another miner');
    }
    if (last?.outcome.kind === 'cancelled' || (signal.aborted && (!last || canFailOver(last)))) {
      const reason = String(signal.reason ?? 'cancelled');
      await reporter.finish(finalStatus(job.uuid, { kind: 'cancelled', reason }), reason);
      return { outcome: 'cancelled', attempts: tried.size };
    }
    if (last) {
      await reporter.finish(finalStatus(job.uuid, last.outcome));
      return { outcome: last.outcome.kind, attempts: tried.size };
    }
    metrics.noMinerForJob(job.executor_class);
    await reporter.finish(
      finalStatus(job.uuid, {
        kind: 'rejected',
        details: { rejected_by: 'validator', reason: 'no_miner_for_job', message: `no miner can run a ${job.executor_class} job now`, context: null },
      }),
    );
    return { outcome: 'rejected', attempts: 0 };
  }

  private async blame(miner: MinerRow, job: OrganicJobRequest, result: MinerRunResult): Promise<void> {
    const { outcome } = result;
    if (outcome.kind === 'rejected' && outcome.details.reason === 'busy') return;
    if (outcome.kind !== 'rejected' && outcome.kind !== 'horde_failed') return;
    const { miners } = this.options;
    const incident = outcome.kind === 'rejected' ? 'MINER_JOB_REJECTED' : 'MINER_HORDE_FAILED';
    await miners.addIncident(incident, miner.hotkey, job.uuid, job.executor_class);
    this.options.metrics.incident(incident);
    await miners.blacklist(miner.hotkey, 'JOB_FAILED', `${outcome.kind} ${outcome.details.reason}: ${outcome.details.message}`, new Date(Date.now() + this.options.blacklistMs));
  }
}

function canFailOver(result: MinerRunResult): boolean {
  return !result.jobSent && (result.outcome.kind === 'horde_failed' || result.outcome.kind === 'rejected');
}
