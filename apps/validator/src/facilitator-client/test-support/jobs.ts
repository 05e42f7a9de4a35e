/**
 * In-test collaborators of the facilitator client: a submitter that publishes a job's statuses on
 * the real JobStatusBus (as the validator's worker does), a whitelist, and signed job requests.
 */
import { randomUUID } from 'node:crypto';
import { nowNs, signRequest, v2JobSignedPayload } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';
import { V2JobRequest } from '@horde/protocol';
import type { JobStatus, V0JobStatusUpdate } from '@horde/protocol';
import type { JobStatusBus } from '../../services/job-status-bus';
import type { OrganicJobRequestInput } from '../../services/organic-job-request';
import type { JobSubmitter, SignerPolicy } from '../ports';

/** The statuses a successful job goes through after `received`. */
export const SUCCESS_STATUSES: readonly JobStatus[] = ['accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'completed'];

export class BusSubmitter implements JobSubmitter {
  readonly submitted: OrganicJobRequestInput[] = [];
  readonly cancelled: { jobUuid: string; reason: string }[] = [];
  /** When false, statuses are published only by the test (`publish`). */
  autoRun = true;
  failNext = false;

  constructor(private readonly bus: JobStatusBus) {}

  async submit(request: OrganicJobRequestInput): Promise<{ jobUuid: string }> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('queue unavailable');
    }
    this.submitted.push(request);
    if (this.autoRun) {
      void (async () => {
        for (const status of SUCCESS_STATUSES) await this.publish(request.uuid, status);
      })();
    }
    return { jobUuid: request.uuid };
  }

  async cancel(jobUuid: string, reason: string): Promise<void> {
    this.cancelled.push({ jobUuid, reason });
    await this.publish(jobUuid, 'cancelled');
  }

  async publish(uuid: string, status: JobStatus): Promise<void> {
    const update: V0JobStatusUpdate = { message_type: 'V0JobStatusUpdate', uuid, status };
    if (status === 'completed') {
      update.metadata = { miner_response: { docker_process_stdout: 'hi\n', docker_process_stderr: '', artifacts: {}, upload_results: {} } };
    }
    await this.bus.publish(update);
  }
}

export class SetSignerPolicy implements SignerPolicy {
  readonly allowed = new Set<string>();
  /** Set to make the next lookup fail, as a database outage would. */
  failNext = false;

  async isAllowed(hotkey: string): Promise<boolean> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('whitelist unavailable');
    }
    return this.allowed.has(hotkey);
  }
}

/** A job request signed by `key` with the SDK scheme, at a realistic nanosecond timestamp (beyond 2^53). */
export function signedJob(key: Hotkey, overrides: Partial<V2JobRequest> = {}): V2JobRequest {
  const request = V2JobRequest.parse({
    message_type: 'V2JobRequest',
    uuid: randomUUID(),
    job_namespace: 'SN123.0',
    executor_class: 'always_on.llm.a6000',
    docker_image: 'busybox:latest',
    args: ['sh', '-c', 'echo hi > /artifacts/out.txt'],
    env: { GREETING: 'héllo' },
    use_gpu: false,
    volume: { volume_type: 'inline', contents: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', relative_path: 'in' },
    output_upload: null,
    artifacts_dir: '/artifacts',
    on_trusted_miner: false,
    download_time_limit: 30,
    execution_time_limit: 60,
    upload_time_limit: 30,
    streaming_start_time_limit: 0,
    ...overrides,
  });
  // time.time_ns() has nanosecond digits; add some so the exact integer matters.
  return { ...request, signature: signRequest(key, v2JobSignedPayload(request), 'SignedFields', nowNs() + 123_457n) };
}
