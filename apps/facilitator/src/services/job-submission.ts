import { randomUUID } from 'node:crypto';
import { jobDockerSignedPayload, signatureFromHeaders, verifyRequestSignature } from '@horde/hotkey';
import type { HeaderSource, JobDockerSignedBody } from '@horde/hotkey';
import { isTerminalJobStatus, JobStatus } from '@horde/protocol';
import type { Signature, V2JobRequest } from '@horde/protocol';
import type { Logger } from '@horde/service';
import type { JobRow, JobsRepo } from '../db/jobs';
import type { WhitelistRepo } from '../db/whitelist';
import { facilitatorErrors } from '../errors';
import { JobCreateBody } from '../api-schemas';
import type { FacilitatorMetrics } from '../observability/metrics';
import type { PresenceRegistry } from './presence';
import type { ValidatorHub } from './validator-hub';

export interface JobSubmissionDeps {
  readonly jobs: JobsRepo;
  readonly whitelist: WhitelistRepo;
  readonly hub: ValidatorHub;
  readonly presence: PresenceRegistry;
  readonly logger: Logger;
  readonly metrics: FacilitatorMetrics;
}

/**
 * Creating and cancelling jobs. A job is stored (status `sent`) only once its request signature
 * verified, and dispatched to its target validator right after; when no replica can reach that
 * validator the job is removed again and the caller gets VALIDATOR_NOT_CONNECTED, so no job is left
 * waiting for a validator that never heard of it.
 */
export class JobSubmission {
  constructor(private readonly deps: JobSubmissionDeps) {}

  /** Verifies, stores and dispatches a `POST /api/v1/job-docker/` from `submitter`. */
  async create(submitter: string, rawBody: unknown, headers: HeaderSource): Promise<JobRow> {
    const body = JobCreateBody.parse(rawBody);
    const signature = signatureFromHeaders(headers);
    if (signature === undefined) throw facilitatorErrors.error('REQUEST_SIGNATURE_MISSING');
    if (signature.signatory !== submitter) throw facilitatorErrors.error('REQUEST_SIGNATORY_MISMATCH');
    if (!verifyRequestSignature(signature, jobDockerSignedPayload(rawBody as JobDockerSignedBody))) throw facilitatorErrors.error('REQUEST_SIGNATURE_INVALID');
    // A token outlives a removal from the whitelist; submitting is checked again.
    if (!(await this.deps.whitelist.has(submitter))) throw facilitatorErrors.error('AUTH_HOTKEY_NOT_WHITELISTED');

    const uuid = randomUUID();
    const request = v2JobRequest(uuid, body, signature);
    const { job } = await this.deps.jobs.create({
      uuid,
      submitter,
      targetValidator: body.target_validator_hotkey,
      executorClass: body.executor_class,
      dockerImage: body.docker_image,
      jobNamespace: body.job_namespace ?? null,
      args: body.args,
      envKeys: Object.keys(body.env),
      useGpu: body.use_gpu,
      volumes: body.volumes ?? [],
      uploads: body.uploads ?? [],
      artifactsDir: body.artifacts_dir ?? null,
      onTrustedMiner: body.on_trusted_miner,
      downloadTimeLimit: body.download_time_limit,
      executionTimeLimit: body.execution_time_limit,
      uploadTimeLimit: body.upload_time_limit,
      streamingStartTimeLimit: body.streaming_start_time_limit,
      streamingClientCert: body.streaming_details?.public_key ?? null,
      signatureType: signature.signature_type,
      signatory: signature.signatory,
      signatureTimestampNs: signature.timestamp_ns,
      signature: signature.signature,
      signatureScope: signature.signature_scope,
      tag: body.tag,
    });
    try {
      await this.deps.hub.dispatch(body.target_validator_hotkey, request);
    } catch (err) {
      await this.deps.jobs.remove(job.id);
      throw err;
    }
    this.deps.metrics.jobCreated(body.executor_class);
    this.deps.logger.info({ jobUuid: uuid, submitter, validator: body.target_validator_hotkey }, 'job dispatched');
    return job;
  }

  /**
   * Asks the job's validator to cancel it. The job ends when the validator reports `cancelled`.
   * Throws JOB_NOT_FOUND (not the caller's), JOB_FINISHED, CANCEL_UNSUPPORTED (the validator did not
   * announce `cancel`) or VALIDATOR_NOT_CONNECTED.
   */
  async cancel(submitter: string, uuid: string, reason: string | null | undefined): Promise<void> {
    const job = await this.deps.jobs.find(uuid);
    if (job === undefined || job.submitter !== submitter) throw facilitatorErrors.error('JOB_NOT_FOUND');
    const status = JobStatus.safeParse(job.status);
    if (status.success && isTerminalJobStatus(status.data)) throw facilitatorErrors.error('JOB_FINISHED', job.status);
    const features = await this.deps.presence.features(job.targetValidator);
    if (!features.includes('cancel')) throw facilitatorErrors.error('CANCEL_UNSUPPORTED');
    await this.deps.hub.dispatch(job.targetValidator, { message_type: 'HordeJobCancelRequest', job_uuid: uuid, reason: reason ?? null });
    this.deps.logger.info({ jobUuid: uuid, submitter }, 'cancel requested');
  }
}

/** The frame the validator receives: the job with its env values, which are stored nowhere. */
function v2JobRequest(uuid: string, body: JobCreateBody, signature: Signature): V2JobRequest {
  const volumes = body.volumes ?? [];
  const uploads = body.uploads ?? [];
  return {
    type: 'job.new',
    message_type: 'V2JobRequest',
    uuid,
    job_namespace: body.job_namespace ?? null,
    executor_class: body.executor_class,
    docker_image: body.docker_image,
    args: body.args,
    env: body.env,
    use_gpu: body.use_gpu,
    volume: volumes.length > 0 ? { volume_type: 'multi_volume', volumes } : null,
    output_upload: uploads.length > 0 ? { output_upload_type: 'multi_upload', uploads, system_output: null } : null,
    artifacts_dir: body.artifacts_dir ?? null,
    on_trusted_miner: body.on_trusted_miner,
    download_time_limit: body.download_time_limit,
    execution_time_limit: body.execution_time_limit,
    upload_time_limit: body.upload_time_limit,
    streaming_start_time_limit: body.streaming_start_time_limit,
    streaming_details: body.streaming_details ?? null,
    signature,
  };
}
