/**
 * What the validator does with the facilitator's requests (reference §4.4 items 1–3), apart from
 * the connection: check the signature, answer `received`, submit the job and forward every status
 * the job publishes until a terminal one. Jobs outlive connections: statuses go through `report`,
 * which queues them while the facilitator is away.
 */
import { isTerminalJobStatus } from '@horde/protocol';
import type { HordeJobCancelRequest, JobStatusMetadata, V0JobCheated, V0JobStatusUpdate, V2JobRequest } from '@horde/protocol';
import { verifyRequestSignature } from '@horde/hotkey';
import type { Logger } from '@horde/service';
import { OrganicJobRequest } from '../services/organic-job-request';
import { checkJobSignature } from './job-signature';
import type { JobSubmitter, SignerPolicy, StatusSource } from './ports';
import { RecentIds } from './recent-ids';
import { toOrganicJobRequest } from './to-organic-job';

export interface JobIntakeOptions {
  readonly ownHotkey: string;
  readonly submitter: JobSubmitter;
  readonly signers: SignerPolicy;
  readonly statuses: StatusSource;
  /** Takes a status update for the facilitator (queued when disconnected). */
  readonly report: (update: V0JobStatusUpdate) => void;
  readonly logger: Logger;
  /** How many recent job uuids are remembered to ignore a repeated request (default 10 000). */
  readonly rememberJobs?: number;
}

export class JobIntake {
  private readonly log: Logger;
  /** Jobs whose statuses are being forwarded: uuid → unsubscribe. */
  private readonly active = new Map<string, () => Promise<void>>();
  private readonly recent: RecentIds;

  constructor(private readonly options: JobIntakeOptions) {
    this.log = options.logger.child({ component: 'facilitator-jobs' });
    this.recent = new RecentIds(options.rememberJobs ?? 10_000);
  }

  get activeJobs(): number {
    return this.active.size;
  }

  /**
   * Handles one job request. Awaited by the connection, so that a cancel arriving right behind a
   * job reaches the submitter after the job did.
   */
  async onJobRequest(request: V2JobRequest): Promise<void> {
    const jobUuid = request.uuid;
    const log = this.log.child({ jobUuid });
    if (!this.recent.add(jobUuid)) {
      log.info('job request repeated; ignored');
      return;
    }
    try {
      await this.take(request, log);
    } catch (err) {
      // The whitelist, the status bus or the queue failed us: the job cannot be taken.
      log.error({ err, outcome: 'horde_failed' }, 'job submission failed');
      this.report(jobUuid, 'horde_failed', {
        horde_failure_details: { reported_by: 'validator', reason: 'generic_error', message: 'the validator could not accept the job' },
      });
      await this.release(jobUuid);
    }
  }

  async onCancel(request: HordeJobCancelRequest): Promise<void> {
    const reason = request.reason ?? 'cancelled by the submitter';
    try {
      await this.options.submitter.cancel(request.job_uuid, reason);
      this.log.info({ jobUuid: request.job_uuid }, 'job cancel forwarded');
    } catch (err) {
      this.log.warn({ err, jobUuid: request.job_uuid }, 'job cancel failed');
    }
  }

  /** Cheat reports are checked and logged; acting on them (blacklisting, slashing) comes later. */
  async onCheated(report: V0JobCheated): Promise<void> {
    const signature = report.signature;
    const payload = { job_uuid: report.job_uuid, trusted_job_uuid: report.trusted_job_uuid, details: report.details ?? null };
    const valid = signature ? verifyRequestSignature(signature, payload) : false;
    const signatory = signature?.signatory;
    const allowed = valid && signatory !== undefined && (signatory === this.options.ownHotkey || (await this.options.signers.isAllowed(signatory)));
    this.log.warn({ jobUuid: report.job_uuid, trustedJobUuid: report.trusted_job_uuid, signatory, signatureValid: valid, allowed }, 'job reported as cheated');
  }

  /** Stops forwarding every job (the client is stopping). */
  async close(): Promise<void> {
    await Promise.all([...this.active.keys()].map((jobUuid) => this.release(jobUuid)));
  }

  private async take(request: V2JobRequest, log: Logger): Promise<void> {
    const jobUuid = request.uuid;
    const check = await checkJobSignature(request, this.options.ownHotkey, this.options.signers);
    if (!check.ok) {
      log.warn({ signatory: request.signature?.signatory, outcome: 'rejected' }, check.message);
      this.report(jobUuid, 'rejected', { job_rejection_details: { rejected_by: 'validator', reason: 'invalid_signature', message: check.message } });
      return;
    }
    this.report(jobUuid, 'received');
    const parsed = OrganicJobRequest.safeParse(toOrganicJobRequest(request, check.signatory));
    if (!parsed.success) {
      const message = `job request not runnable: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`;
      log.warn({ outcome: 'rejected' }, message);
      this.report(jobUuid, 'rejected', { job_rejection_details: { rejected_by: 'validator', reason: 'unknown', message } });
      return;
    }
    // Listen before submitting: the job's first statuses may be published before submit returns.
    const unsubscribe = await this.options.statuses.subscribe(jobUuid, (update) => this.forward(update));
    this.active.set(jobUuid, unsubscribe);
    await this.options.submitter.submit(parsed.data);
    log.info({ signatory: check.signatory, executorClass: request.executor_class }, 'job submitted');
  }

  /**
   * Forwards the statuses of a facilitator job this process did not submit: one a previous run of
   * the validator accepted, whose end (e.g. failed because the validator restarted) the submitter
   * must still be told.
   */
  async adopt(jobUuid: string): Promise<void> {
    if (this.active.has(jobUuid)) return;
    const unsubscribe = await this.options.statuses.subscribe(jobUuid, (update) => this.forward(update));
    this.active.set(jobUuid, unsubscribe);
  }

  private forward(update: V0JobStatusUpdate): void {
    this.options.report(update);
    if (isTerminalJobStatus(update.status)) void this.release(update.uuid);
  }

  private report(uuid: string, status: V0JobStatusUpdate['status'], metadata?: JobStatusMetadata): void {
    this.options.report({ message_type: 'V0JobStatusUpdate', uuid, status, ...(metadata ? { metadata } : {}) });
  }

  private async release(jobUuid: string): Promise<void> {
    const unsubscribe = this.active.get(jobUuid);
    if (!unsubscribe) return;
    this.active.delete(jobUuid);
    try {
      await unsubscribe();
    } catch (err) {
      this.log.warn({ err, jobUuid }, 'status unsubscribe failed');
    }
  }
}
