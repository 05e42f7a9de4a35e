import type { HordeFailureReason, MinerToValidatorMessage, V0JobRequest } from '@horde/protocol';
import type { z } from 'zod';
import type { AcceptedJobPatch, JobsRepo } from '../db/jobs';
import type { MinerMetrics } from '../observability/metrics';
import type { ExecutorSlots } from './executor-slots';
import type { JobSession, JobSessions } from './job-sessions';
import { redactJobRequest } from './redact';

/** What happens to the executor when its job ends. */
export type ExecutorAfterEnd = 'release' | 'kill' | 'none';

export interface JobLifecycleDeps {
  readonly jobs: JobsRepo;
  readonly executors: ExecutorSlots;
  readonly sessions: JobSessions;
  readonly metrics: MinerMetrics;
}

/**
 * The parts of a job's life both channels share: sending to the validator, forwarding the job
 * request to the executor, and ending a job exactly once (status stored, session dropped,
 * executor released or killed).
 */
export class JobLifecycle {
  /** Job ends whose status is being stored. */
  private readonly storing = new Set<Promise<void>>();

  constructor(private readonly deps: JobLifecycleDeps) {}

  /** Sends to the job's validator if it is still connected; a closed validator is handled by its onClose. */
  toValidator(session: JobSession, message: z.input<typeof MinerToValidatorMessage>): void {
    if (!session.validator.isOpen) return;
    try {
      session.validator.send(message);
    } catch (err) {
      session.log.error({ err, message_type: message.message_type }, 'could not send to the validator');
    }
  }

  /** Stores a change of the job, after every earlier change of it. */
  record(session: JobSession, patch: AcceptedJobPatch): Promise<void> {
    return session.persist(() => this.deps.jobs.update(session.token, patch));
  }

  /** The validator's V0JobRequest: stored (env redacted), then forwarded now or once the executor is ready. */
  async jobRequest(session: JobSession, message: V0JobRequest): Promise<void> {
    session.jobRequestReceived = true;
    const fullJobDetails = redactJobRequest(message);
    if (session.state === 'ready') {
      await this.forward(session, message, { fullJobDetails });
      return;
    }
    session.pendingJobRequest = message;
    await this.record(session, { fullJobDetails });
    session.log.debug({ state: session.state }, 'job request held until the executor is ready');
  }

  /** The executor reported ready: a held job request goes out now. */
  async executorReady(session: JobSession): Promise<void> {
    session.state = 'ready';
    this.deps.metrics.executorReady(session.initialRequest.executor_class, (Date.now() - session.receivedAt) / 1000);
    const pending = session.pendingJobRequest;
    if (pending === undefined) return;
    session.pendingJobRequest = undefined;
    await this.forward(session, pending, {});
  }

  /**
   * Ends the job once: later calls do nothing. The session leaves the registry at once (so no
   * frame is relayed for it any more), then `patch` is stored, then the executor is released
   * (it exits by itself), killed, or left alone.
   */
  async end(session: JobSession, patch: AcceptedJobPatch, after: ExecutorAfterEnd): Promise<boolean> {
    if (session.ended) return false;
    session.state = 'ended';
    session.pendingJobRequest = undefined;
    this.deps.sessions.delete(session);
    session.log.info({ outcome: patch.status, errorType: patch.errorType, duration_ms: Date.now() - session.receivedAt }, 'job ended');
    this.deps.metrics.jobFinished(patch);
    const stored = this.record(session, { finishedAt: new Date(), ...patch });
    this.storing.add(stored);
    try {
      await stored;
    } finally {
      this.storing.delete(stored);
      this.afterEnd(session, after);
    }
    return true;
  }

  /**
   * At shutdown, after the sockets closed: ends every job still live (FAILED, `miner_shutdown`)
   * and waits until every job end is stored, so the database can be closed safely.
   */
  async drain(): Promise<void> {
    const live = this.deps.sessions.all().map((session) => this.end(session, { status: 'FAILED', errorType: 'miner_shutdown', errorDetail: 'the miner shut down' }, 'kill'));
    await Promise.allSettled([...live, ...this.storing]);
  }

  /** Ends the job FAILED for an infrastructure reason and tells the validator with V0HordeFailedRequest. */
  async hordeFailure(session: JobSession, reason: HordeFailureReason, message: string, after: ExecutorAfterEnd): Promise<void> {
    if (!(await this.end(session, { status: 'FAILED', errorType: reason, errorDetail: message }, after))) return;
    this.toValidator(session, { message_type: 'V0HordeFailedRequest', job_uuid: session.jobUuid, reported_by: 'miner', reason, message });
  }

  private async forward(session: JobSession, message: V0JobRequest, patch: AcceptedJobPatch): Promise<void> {
    await this.record(session, { ...patch, status: 'RUNNING' });
    session.state = 'running';
    if (!session.executor?.isOpen) return; // its onClose ends the job
    session.executor.send(message);
  }

  private afterEnd(session: JobSession, after: ExecutorAfterEnd): void {
    if (after === 'none') return;
    if (after === 'kill') session.executor?.close(1000, 'job ended');
    const done = after === 'release' ? this.deps.executors.release(session.token) : this.deps.executors.kill(session.token);
    done.catch((err: unknown) => session.log.error({ err, after }, 'could not stop the executor'));
  }
}
