/**
 * The organic jobs service every entry point uses (admin API, CLI through it, facilitator client):
 * submit, cancel, get, list. Submitting persists the job (env values redacted) as PENDING, reports
 * status `received` (the reference's facilitator client sends `received` once it has taken a job;
 * `sent` is the facilitator's own status, before the validator has it) and enqueues it.
 */
import type { OrganicJobRow, OrganicJobsRepo, StatusRow } from '../db/jobs';
import type { OrganicJobStatus } from '../db/schema';
import { TERMINAL_ORGANIC_STATUSES } from '../db/schema';
import { validatorErrors } from '../errors';
import type { CancelChannel } from '../jobs/cancel-channel';
import type { OrganicQueue } from '../jobs/organic-queue';
import { finalStatus } from '../miner-client/outcome';
import { OrganicJobRequest } from './organic-job-request';
import type { OrganicJobRequestInput } from './organic-job-request';
import type { StatusReporter } from './status-reporter';

export interface OrganicJobsDeps {
  readonly jobs: OrganicJobsRepo;
  readonly queue: OrganicQueue;
  readonly reporter: StatusReporter;
  readonly cancels: CancelChannel;
}

export interface JobWithHistory {
  readonly job: OrganicJobRow;
  readonly history: StatusRow[];
}

export class OrganicJobs {
  constructor(private readonly deps: OrganicJobsDeps) {}

  /** Throws a zod error for an invalid request, JOB_EXISTS for a uuid already used. */
  async submit(input: OrganicJobRequestInput): Promise<{ jobUuid: string }> {
    const request = OrganicJobRequest.parse(input);
    const inserted = await this.deps.jobs.insert({
      jobUuid: request.uuid,
      source: request.source,
      submittedBy: request.submitted_by ?? null,
      minerHotkey: request.miner_hotkey ?? null,
      executorClass: request.executor_class,
      image: request.docker_image,
      namespace: request.namespace ?? request.docker_image,
      status: 'PENDING',
      lastStatus: 'received',
      request: redacted(request),
    });
    if (!inserted) throw validatorErrors.error('JOB_EXISTS', request.uuid);
    await this.deps.reporter.progress(request.uuid, 'received');
    try {
      await this.deps.queue.enqueue(request);
    } catch (err) {
      // Taken but not queued: end it now rather than leave it to the next start's sweep.
      const message = `could not queue the job: ${(err as Error).message}`;
      await this.deps.reporter.finish(finalStatus(request.uuid, { kind: 'horde_failed', details: { reported_by: 'validator', reason: 'unhandled_exception', message, context: null } }));
      throw err;
    }
    return { jobUuid: request.uuid };
  }

  /**
   * Cancels a job at any stage. A waiting job is taken off the queue and ends `cancelled` here; a
   * running one is aborted by the worker holding it, which then reports `cancelled`. Throws
   * JOB_NOT_FOUND, or JOB_TERMINAL when the job has already ended.
   */
  async cancel(jobUuid: string, reason: string): Promise<void> {
    const row = await this.deps.jobs.get(jobUuid);
    if (!row) throw validatorErrors.error('JOB_NOT_FOUND', jobUuid);
    if (TERMINAL_ORGANIC_STATUSES.includes(row.status)) throw validatorErrors.error('JOB_TERMINAL', `${jobUuid} is ${row.status}`);
    await this.deps.cancels.request(jobUuid, reason);
    if (await this.deps.queue.removeIfWaiting(jobUuid)) {
      await this.deps.reporter.finish(finalStatus(jobUuid, { kind: 'cancelled', reason }), reason);
      return;
    }
    if ((await this.deps.queue.state(jobUuid)) === 'missing') {
      // Not in the queue and not ended: nobody holds it, so nobody else will end it.
      await this.deps.reporter.finish(finalStatus(jobUuid, { kind: 'cancelled', reason }), reason);
    }
  }

  async get(jobUuid: string): Promise<JobWithHistory | undefined> {
    const job = await this.deps.jobs.get(jobUuid);
    if (!job) return undefined;
    return { job, history: await this.deps.jobs.history(jobUuid) };
  }

  /** Newest first; pass the last job's uuid as `before` for the next page. */
  list(options: { limit: number; before?: string; status?: OrganicJobStatus }): Promise<OrganicJobRow[]> {
    return this.deps.jobs.list(options);
  }
}

/** The request as stored: env keys kept, values replaced (jobs carry secrets in env). */
function redacted(request: OrganicJobRequest): Record<string, unknown> {
  return { ...request, env: Object.fromEntries(Object.keys(request.env).map((key) => [key, '[REDACTED]'])) };
}
