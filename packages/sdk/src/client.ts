/**
 * `HordeClient`: submit jobs to a facilitator and follow them, as the reference SDK's
 * `ComputeHordeClient`, plus live status (SSE), cancel and typed errors.
 */
import { jobDockerSignedPayload, signRequest, signatureToHeaders } from '@horde/hotkey';
import type { SigningKey } from '@horde/hotkey';
import { sdkErrors } from './errors';
import { FacilitatorHttp } from './http';
import type { FetchLike, HttpRetryOptions } from './http';
import { FacilitatorJob, FacilitatorJobPage, toJobResult } from './job';
import type { JobResult } from './job';
import { backoffDelay, sleep } from './retry';
import type { BackoffOptions } from './retry';
import { jobDockerBody } from './spec';
import type { JobSpec } from './spec';
import { watchJob } from './watch';
import type { StatusListener, WatchOptions } from './watch';

export interface HordeClientOptions {
  readonly facilitatorUrl: string;
  /** The submitter's hotkey: logs in and signs every job. */
  readonly hotkey: SigningKey;
  /** The validator the facilitator should hand the jobs to. */
  readonly validatorHotkey: string;
  readonly fetch?: FetchLike | undefined;
  /** HTTP retries (default 5 attempts, 0.2 s doubling to 5 s, jittered). */
  readonly httpRetry?: Partial<HttpRetryOptions> | undefined;
  /** Pause between re-runs in `runUntilComplete` (default 0.2 s doubling to 5 s). */
  readonly jobRetry?: BackoffOptions | undefined;
  /** Poll period when the facilitator has no SSE route (default 3 s). */
  readonly pollIntervalMs?: number | undefined;
}

export interface CreateJobOptions {
  /** Run on the validator's trusted miner (for cross-checking another run). */
  readonly onTrustedMiner?: boolean | undefined;
}

export interface WaitOptions extends WatchOptions {
  /** Give up after this long with `JOB_TIMEOUT` (default: wait for ever). */
  readonly timeoutMs?: number | undefined;
  readonly onStatus?: StatusListener | undefined;
}

export interface RunOptions extends CreateJobOptions, WaitOptions {
  /** Tries in all (default 3); 0 or less: no limit. */
  readonly maxAttempts?: number | undefined;
  /** Called with each attempt's job right after it was created. */
  readonly onAttempt?: ((job: JobResult, attempt: number) => void) | undefined;
}

export interface JobPage {
  readonly count: number;
  readonly hasNext: boolean;
  readonly results: readonly JobResult[];
}

export const DEFAULT_JOB_RETRY: BackoffOptions = { initialMs: 200, maxMs: 5000 };
export const DEFAULT_MAX_ATTEMPTS = 3;

export class HordeClient {
  private readonly http: FacilitatorHttp;

  constructor(private readonly options: HordeClientOptions) {
    this.http = new FacilitatorHttp({ facilitatorUrl: options.facilitatorUrl, hotkey: options.hotkey, fetch: options.fetch, retry: options.httpRetry });
  }

  /** Logs in now; otherwise the first call does. */
  async login(): Promise<void> {
    await this.http.login();
  }

  /** Submits `spec` (signed with the hotkey) and returns the new job, status `sent`. Never re-runs it. */
  async createJob(spec: JobSpec, options: CreateJobOptions = {}): Promise<JobResult> {
    const body = jobDockerBody(spec, this.options.validatorHotkey, options.onTrustedMiner ?? false);
    const signature = signRequest(this.options.hotkey, jobDockerSignedPayload(body), 'SignedFields');
    const job = await this.http.json('POST', 'api/v1/job-docker/', FacilitatorJob, { json: body, headers: signatureToHeaders(signature) });
    return toJobResult(job);
  }

  async getJob(uuid: string, signal?: AbortSignal): Promise<JobResult> {
    return toJobResult(await this.fetchJob(uuid, signal));
  }

  /** One page of the submitter's jobs (page 1 first; at most 256 a page). */
  async listJobs(options: { page?: number; pageSize?: number; tag?: string } = {}): Promise<JobPage> {
    const query = { page: options.page ?? 1, page_size: options.pageSize ?? 10, tag: options.tag };
    const page = await this.http.json('GET', 'api/v1/jobs/', FacilitatorJobPage, { query });
    return { count: page.count, hasNext: page.next !== null && page.next !== undefined, results: page.results.map(toJobResult) };
  }

  /** Every job of the submitter, page after page. */
  async *iterJobs(options: { pageSize?: number; tag?: string } = {}): AsyncGenerator<JobResult> {
    for (let page = 1; ; page += 1) {
      const batch = await this.listJobs({ ...options, page });
      yield* batch.results;
      if (!batch.hasNext) return;
    }
  }

  /** Asks for the job to be stopped at whatever stage it is; it ends with status `cancelled`. */
  async cancelJob(uuid: string): Promise<void> {
    const response = await this.http.authed('POST', `api/v1/jobs/${encodeURIComponent(uuid)}/cancel`, { json: {} });
    await response.body?.cancel();
  }

  /** Reports each status of the job as it happens and resolves with the job once it has ended. */
  watchJob(uuid: string, onStatus: StatusListener, options: WatchOptions = {}): Promise<JobResult> {
    const deps = { http: this.http, fetchJob: (id: string, signal: AbortSignal | undefined) => this.fetchJob(id, signal) };
    return watchJob(deps, uuid, onStatus, { pollIntervalMs: this.options.pollIntervalMs, ...options });
  }

  /** Waits for the job to end; `JOB_TIMEOUT` after `timeoutMs`. */
  async waitForJob(uuid: string, options: WaitOptions = {}): Promise<JobResult> {
    const signals = [options.signal, options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs)].filter((s) => s !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    try {
      return await this.watchJob(uuid, options.onStatus ?? (() => undefined), { ...options, signal });
    } catch (err) {
      if (signal?.aborted && !options.signal?.aborted) {
        throw sdkErrors.error('JOB_TIMEOUT', `job ${uuid} did not end within ${options.timeoutMs} ms`, { cause: err, context: { uuid } });
      }
      if (options.signal?.aborted && !sdkErrors.is(err)) throw sdkErrors.error('WATCH_ABORTED', `job ${uuid}`, { cause: err });
      throw err;
    }
  }

  /**
   * Runs `spec` until it completes: a horde failure or a rejection (the horde's fault, or a busy
   * horde) starts a new job after 0.2 s · 2^n (≤ 5 s); a failure of the job itself or a cancel is
   * returned as is. Returns the last attempt.
   */
  async runUntilComplete(spec: JobSpec, options: RunOptions = {}): Promise<JobResult> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      const created = await this.createJob(spec, options);
      options.onAttempt?.(created, attempt);
      const timeoutMs = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
      const job = await this.waitForJob(created.uuid, { ...options, timeoutMs });
      const retryable = job.status === 'horde_failed' || job.status === 'rejected';
      if (!retryable || (maxAttempts > 0 && attempt >= maxAttempts)) return job;
      await sleep(backoffDelay(attempt - 1, this.options.jobRetry ?? DEFAULT_JOB_RETRY), options.signal);
    }
  }

  private fetchJob(uuid: string, signal: AbortSignal | undefined): Promise<FacilitatorJob> {
    return this.http.json('GET', `api/v1/jobs/${encodeURIComponent(uuid)}/`, FacilitatorJob, { signal });
  }
}
