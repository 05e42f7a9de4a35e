/**
 * The `organic-jobs` worker: bounded concurrency, one BullMQ attempt, `maxStalledCount: 0`. It
 * re-parses each payload and skips jobs already ended in the database (idempotent), aborts jobs it
 * holds when a cancel request arrives, and ends jobs whose processing died:
 *
 * - at start, every unfinished job that BullMQ neither holds nor has waiting is failed (the
 *   validator died before or while running it);
 * - a job BullMQ reports `failed` (the processor threw, or a dead worker's job stalled: with
 *   `maxStalledCount: 0` a stalled job fails at once instead of running twice) is failed too.
 * Both give status horde_failed (reason unhandled_exception) with a message saying why.
 */
import { QueueEvents, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Logger } from '@horde/service';
import type { OrganicJobsRepo } from '../db/jobs';
import { TERMINAL_ORGANIC_STATUSES } from '../db/schema';
import { finalStatus } from '../miner-client/outcome';
import type { JobRunner } from '../services/job-runner';
import type { StatusReporter } from '../services/status-reporter';
import { ORGANIC_QUEUE, parseJobPayload } from './catalog';
import type { CancelChannel } from './cancel-channel';
import { OrganicQueue } from './organic-queue';
import type { QueueConnection } from './organic-queue';

export const VALIDATOR_RESTARTED = 'validator restarted (or its worker died) while the job was in flight';

export interface OrganicWorkerOptions extends QueueConnection {
  readonly concurrency: number;
  readonly runner: JobRunner;
  readonly jobs: OrganicJobsRepo;
  readonly reporter: StatusReporter;
  readonly cancels: CancelChannel;
  readonly queue: OrganicQueue;
  readonly logger: Logger;
  /** BullMQ lock duration and stalled-check interval (30 s each by default; tests shorten them). */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
}

export class OrganicWorker {
  private readonly controllers = new Map<string, AbortController>();
  private worker: Worker | undefined;
  private events: QueueEvents | undefined;

  constructor(private readonly options: OrganicWorkerOptions) {}

  async start(): Promise<void> {
    const { options } = this;
    await options.cancels.listen(({ jobUuid, reason }) => this.controllers.get(jobUuid)?.abort(reason));
    this.events = new QueueEvents(ORGANIC_QUEUE, { connection: options.connection, prefix: options.prefix });
    // A processor that threw has already ended its job (see process); what is left here are jobs of
    // dead workers, which BullMQ fails as stalled.
    this.events.on('failed', ({ jobId, failedReason }) => void this.failOrphan(jobId, `${VALIDATOR_RESTARTED} (${failedReason})`));
    await this.events.waitUntilReady();
    this.worker = new Worker(ORGANIC_QUEUE, (job) => this.process(job), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      maxStalledCount: 0,
      ...(options.lockDurationMs === undefined ? {} : { lockDuration: options.lockDurationMs }),
      ...(options.stalledIntervalMs === undefined ? {} : { stalledInterval: options.stalledIntervalMs }),
    });
    this.worker.on('error', (err) => options.logger.error({ err }, 'organic worker error'));
    await this.worker.waitUntilReady();
    await this.sweep();
  }

  /**
   * Stops taking jobs; running ones finish first (BullMQ waits for them) unless `force`. A job still
   * running when the process exits is failed by the next validator's start (see the class comment).
   */
  async close(force = false): Promise<void> {
    await this.worker?.close(force);
    await this.events?.close();
  }

  private async process(job: Job): Promise<void> {
    let request: ReturnType<typeof parseJobPayload<'organic-job'>>;
    try {
      request = parseJobPayload('organic-job', job.data);
    } catch (err) {
      if (job.id) await this.failOrphan(job.id, (err as Error).message);
      throw err;
    }
    const row = await this.options.jobs.get(request.uuid);
    if (!row || TERMINAL_ORGANIC_STATUSES.includes(row.status)) return;
    const controller = new AbortController();
    this.controllers.set(request.uuid, controller);
    try {
      const cancelled = await this.options.cancels.requested(request.uuid);
      if (cancelled !== null) controller.abort(cancelled);
      await this.options.runner.run(request, controller.signal);
    } catch (err) {
      await this.failOrphan(request.uuid, `job processing failed: ${(err as Error).message}`);
      throw err;
    } finally {
      this.controllers.delete(request.uuid);
    }
  }

  /** Fails unfinished jobs that no worker holds or will pick up. */
  private async sweep(): Promise<void> {
    for (const row of await this.options.jobs.unfinished()) {
      const state = await this.options.queue.state(row.jobUuid);
      if (OrganicQueue.isWaiting(state) || state === 'active') continue; // a live or stalled worker: the stalled check decides
      await this.failOrphan(row.jobUuid, VALIDATOR_RESTARTED);
    }
  }

  private async failOrphan(jobUuid: string, message: string): Promise<void> {
    try {
      const ended = await this.options.reporter.finish(
        finalStatus(jobUuid, { kind: 'horde_failed', details: { reported_by: 'validator', reason: 'unhandled_exception', message, context: null } }),
      );
      if (ended) this.options.logger.warn({ jobUuid, outcome: 'horde_failed' }, message);
    } catch (err) {
      this.options.logger.error({ err, jobUuid }, 'could not end an orphaned job');
    }
  }
}
