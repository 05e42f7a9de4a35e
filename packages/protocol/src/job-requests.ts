/**
 * The two job requests the validator sends and the miner relays to the executor
 * (reference: `compute_horde/protocol_messages.py`).
 */
import { z } from 'zod';
import { DockerRunOptionsPreset } from './enums';
import { ExecutorClass } from './executor-classes';
import { OutputUpload } from './output-uploads';
import { JobStartedReceiptPayload } from './receipts';
import { Seconds, withDefault } from './schema-helpers';
import { StreamingDetails } from './streaming';
import { Volume } from './volumes';

/** Per-stage limits of the executor's cumulative deadline, in seconds. */
export const ExecutorTimingDetails = z.object({
  allowed_leeway: Seconds,
  download_time_limit: Seconds,
  execution_time_limit: Seconds,
  upload_time_limit: Seconds,
  streaming_start_time_limit: Seconds,
});
export type ExecutorTimingDetails = z.infer<typeof ExecutorTimingDetails>;

/**
 * "Reserve and start an executor": the first message of a job. Carries the validator-signed
 * started receipt, the volume (downloaded early), and the stage timing. Without `executor_timing`
 * the executor falls back to the deprecated single `timeout_seconds` for the whole job.
 */
export const V0InitialJobRequest = z.object({
  message_type: z.literal('V0InitialJobRequest'),
  job_uuid: z.string(),
  executor_class: ExecutorClass,
  docker_image: z.string().nullish(),
  timeout_seconds: Seconds.nullish(),
  volume: Volume.nullish(),
  job_started_receipt_payload: JobStartedReceiptPayload,
  job_started_receipt_signature: z.string(),
  streaming_details: StreamingDetails.nullish(),
  executor_timing: ExecutorTimingDetails.nullish(),
});
export type V0InitialJobRequest = z.infer<typeof V0InitialJobRequest>;

/**
 * The full job, sent once the executor is ready. `volume` is normally `null` because it already
 * travelled in the initial request (sending it twice is an error on the executor).
 */
export const V0JobRequest = z.object({
  message_type: z.literal('V0JobRequest'),
  job_uuid: z.string(),
  executor_class: ExecutorClass,
  docker_image: z.string(),
  raw_script: z.string().nullish(),
  docker_run_options_preset: DockerRunOptionsPreset,
  docker_run_cmd: z.array(z.string()),
  env: withDefault(z.record(z.string(), z.string()), () => ({})),
  volume: Volume.nullish(),
  output_upload: OutputUpload.nullish(),
  artifacts_dir: z.string().nullish(),
});
export type V0JobRequest = z.infer<typeof V0JobRequest>;
