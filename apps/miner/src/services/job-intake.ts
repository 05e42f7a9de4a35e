import { randomUUID } from 'node:crypto';
import { executorClassSpec } from '@horde/protocol';
import type { V0InitialJobRequest } from '@horde/protocol';
import type { Logger } from '@horde/service';
import type { JobsRepo } from '../db/jobs';
import { receiptDate } from '@horde/protocol';
import { startedReceiptRow } from '../db/receipts';
import type { ReceiptsRepo } from '../db/receipts';
import type { ValidatorsRepo } from '../db/validators';
import { minerErrors } from '../errors';
import { executorManagerErrors } from '../executor-managers/errors';
import { MAX_EXECUTOR_TTL_MS } from '../executor-managers/pool';
import type { ExecutorHandle } from '../executor-managers/types';
import type { ExecutorSlots } from './executor-slots';
import type { JobLifecycle } from './job-lifecycle';
import { JobSession } from './job-sessions';
import type { JobSessions, ValidatorConnection } from './job-sessions';
import type { ReceiptService } from './receipts';
import type { MinerMetrics } from '../observability/metrics';
import { redactInitialJobRequest } from './redact';

export interface JobIntakeDeps {
  readonly validators: ValidatorsRepo;
  readonly jobs: JobsRepo;
  readonly receiptsRepo: ReceiptsRepo;
  readonly receipts: ReceiptService;
  readonly executors: ExecutorSlots;
  readonly sessions: JobSessions;
  readonly lifecycle: JobLifecycle;
  /** ws:// base address executors dial (known only once the server listens). */
  readonly executorAddress: () => string;
  /** The executor's own startup stage limit (MINER_STARTUP_TIME_LIMIT_S). */
  readonly startupTimeLimitS: number;
  readonly logger: Logger;
  readonly metrics: MinerMetrics;
}

/** Slack on top of a job's own limits before the pool may kill its executor. */
const TTL_SLACK_S = 60;

/**
 * V0InitialJobRequest: decline a blacklisted validator or a bad started receipt; otherwise store
 * the job with the countersigned receipt, reserve an executor and accept as soon as the slot is
 * held (before the executor booted). A full class declines with excuse receipts; an executor that
 * fails to start is a horde failure.
 */
export class JobIntake {
  constructor(private readonly deps: JobIntakeDeps) {}

  /** Resolves once the job was declined, or accepted, or failed to reserve; the executor may still be starting. */
  async initialJob(conn: ValidatorConnection, validatorHotkey: string, message: V0InitialJobRequest): Promise<void> {
    const { job_uuid: jobUuid } = message;
    if (await this.deps.validators.isBlacklisted(validatorHotkey)) {
      conn.send({ message_type: 'V0DeclineJobRequest', job_uuid: jobUuid, reason: 'validator_blacklisted', message: 'Validator is blacklisted by this miner' });
      this.deps.metrics.jobRequest({ outcome: 'declined', reason: 'validator_blacklisted' });
      return;
    }
    const payload = message.job_started_receipt_payload;
    let signatures;
    try {
      if (payload.job_uuid !== jobUuid || payload.executor_class !== message.executor_class) {
        throw minerErrors.error('RECEIPT_INVALID', 'JobStartedReceipt does not match the job request', { context: { jobUuid } });
      }
      signatures = this.deps.receipts.countersign(payload, 'JobStartedReceipt', message.job_started_receipt_signature, validatorHotkey);
    } catch (err) {
      if (!minerErrors.is(err, 'RECEIPT_INVALID')) throw err;
      conn.send({ message_type: 'V0DeclineJobRequest', job_uuid: jobUuid, reason: 'invalid_signature', message: err.message });
      this.deps.metrics.jobRequest({ outcome: 'declined', reason: 'invalid_signature' });
      return;
    }

    const token = `${jobUuid}-${randomUUID()}`;
    const created = await this.deps.jobs.create(
      {
        jobUuid,
        validatorHotkey,
        executorToken: token,
        executorClass: message.executor_class,
        status: 'WAITING_FOR_EXECUTOR',
        initialJobDetails: redactInitialJobRequest(message),
      },
      startedReceiptRow(payload, signatures),
    );
    if (!created) throw minerErrors.error('JOB_DUPLICATE', jobUuid, { context: { jobUuid } });

    const session = new JobSession(token, validatorHotkey, conn, message, this.deps.logger);
    this.deps.sessions.add(session);
    let markReserved!: () => void;
    const reserved = new Promise<void>((resolve) => (markReserved = resolve));
    const spec = { token, jobUuid, minerAddress: this.deps.executorAddress(), startupTimeLimitS: this.deps.startupTimeLimitS, ttlMs: executorTtlMs(message, this.deps.startupTimeLimitS) };
    const onReserved = (): void => {
      // Throwing here (validator gone) makes the pool give the slot back before starting anything.
      conn.send({ message_type: 'V0AcceptJobRequest', job_uuid: jobUuid });
      session.state = 'starting';
      this.deps.metrics.jobRequest({ outcome: 'accepted' });
      markReserved();
    };
    const settled = this.deps.executors.reserve(message.executor_class, spec, { onReserved }).then(
      (handle) => this.started(session, handle),
      (err: unknown) => this.startFailed(session, err),
    );
    await Promise.race([reserved, settled]);
  }

  private async started(session: JobSession, handle: ExecutorHandle): Promise<void> {
    session.log.info({ host: handle.host }, 'executor started');
    if (handle.host === undefined || session.ended) return;
    await this.deps.lifecycle.record(session, { executorAddress: handle.host }).catch((err: unknown) => session.log.error({ err }, 'could not store the executor address'));
  }

  private async startFailed(session: JobSession, err: unknown): Promise<void> {
    try {
      if (session.ended) return; // the validator left meanwhile; its onClose ended the job
      if (executorManagerErrors.is(err, 'EXECUTORS_BUSY')) {
        const payload = session.initialRequest.job_started_receipt_payload;
        const receipts = await this.deps.receiptsRepo.excuses(session.initialRequest.executor_class, receiptDate(payload.timestamp), session.jobUuid);
        if (!(await this.deps.lifecycle.end(session, { status: 'REJECTED', errorType: 'busy', errorDetail: err.message }, 'none'))) return;
        this.deps.lifecycle.toValidator(session, { message_type: 'V0DeclineJobRequest', job_uuid: session.jobUuid, reason: 'busy', message: 'All executors of the class are busy', receipts });
        this.deps.metrics.jobRequest({ outcome: 'declined', reason: 'busy' });
        return;
      }
      session.log.warn({ err }, 'executor failed to start');
      const detail = err instanceof Error ? err.message : 'executor failed to start';
      this.deps.metrics.jobRequest({ outcome: 'failed', reason: 'executor_spinup_failed' });
      await this.deps.lifecycle.hordeFailure(session, 'executor_spinup_failed', detail, 'none');
    } catch (failure) {
      session.log.error({ err: failure }, 'could not report a failed executor start');
    }
  }
}

/**
 * The executor's time to live: the job's own stage limits plus spin-up, startup and some slack
 * (the pool caps it at 20 minutes, as the reference does).
 */
export function executorTtlMs(message: V0InitialJobRequest, startupTimeLimitS: number): number {
  const timing = message.executor_timing;
  const jobS = timing
    ? timing.allowed_leeway + timing.download_time_limit + timing.execution_time_limit + timing.upload_time_limit + timing.streaming_start_time_limit
    : message.timeout_seconds;
  if (jobS === undefined || jobS === null) return MAX_EXECUTOR_TTL_MS;
  const spinUpS = executorClassSpec(message.executor_class)?.spinUpTimeSec ?? 0;
  return Math.min(MAX_EXECUTOR_TTL_MS, (jobS + spinUpS + startupTimeLimitS + TTL_SLACK_S) * 1000);
}
