/**
 * Progress reports of a running job: sent by the executor, relayed by the miner to the validator
 * (reference: `compute_horde/protocol_messages.py`). `executor_token` is set only between the
 * miner's two consumers and stripped before the validator sees the message.
 */
import { z } from 'zod';
import { MachineSpecs } from './machine-specs';
import { Port } from './schema-helpers';

/** The executor passed its startup stage (specs, security checks, image pull). */
export const V0ExecutorReadyRequest = z.object({
  message_type: z.literal('V0ExecutorReadyRequest'),
  job_uuid: z.string(),
  executor_token: z.string().nullish(),
});
export type V0ExecutorReadyRequest = z.infer<typeof V0ExecutorReadyRequest>;

/** The download stage is done. */
export const V0VolumesReadyRequest = z.object({
  message_type: z.literal('V0VolumesReadyRequest'),
  job_uuid: z.string(),
});
export type V0VolumesReadyRequest = z.infer<typeof V0VolumesReadyRequest>;

/**
 * The streaming job's TLS proxy is up. `public_key` is the executor's server certificate (PEM);
 * the miner adds `ip` and `miner_signature` over `"{job_uuid}:{ip}:{port}:{public_key}"`.
 */
export const V0StreamingJobReadyRequest = z.object({
  message_type: z.literal('V0StreamingJobReadyRequest'),
  job_uuid: z.string(),
  executor_token: z.string().nullish(),
  public_key: z.string(),
  ip: z.string().nullish(),
  port: Port,
  miner_signature: z.string().nullish(),
});
export type V0StreamingJobReadyRequest = z.infer<typeof V0StreamingJobReadyRequest>;

/** The job container exited successfully. */
export const V0ExecutionDoneRequest = z.object({
  message_type: z.literal('V0ExecutionDoneRequest'),
  job_uuid: z.string(),
});
export type V0ExecutionDoneRequest = z.infer<typeof V0ExecutionDoneRequest>;

/** Hardware specs, sent right before the result. */
export const V0MachineSpecsRequest = z.object({
  message_type: z.literal('V0MachineSpecsRequest'),
  job_uuid: z.string(),
  specs: MachineSpecs,
});
export type V0MachineSpecsRequest = z.infer<typeof V0MachineSpecsRequest>;

/**
 * Success. `artifacts` maps `<artifacts_dir>/<file>` to base64 contents; `upload_results` maps an
 * upload key to a JSON-encoded `HttpOutputVolumeResponse`.
 */
export const V0JobFinishedRequest = z.object({
  message_type: z.literal('V0JobFinishedRequest'),
  job_uuid: z.string(),
  docker_process_stdout: z.string(),
  docker_process_stderr: z.string(),
  artifacts: z.record(z.string(), z.string()).nullish(),
  upload_results: z.record(z.string(), z.string()).nullish(),
});
export type V0JobFinishedRequest = z.infer<typeof V0JobFinishedRequest>;

/** Deprecated (use `V0HordeFailedRequest`); validators map it to a horde failure. */
export const V0ExecutorFailedRequest = z.object({
  message_type: z.literal('V0ExecutorFailedRequest'),
  job_uuid: z.string(),
  executor_token: z.string().nullish(),
});
export type V0ExecutorFailedRequest = z.infer<typeof V0ExecutorFailedRequest>;

/** Deprecated (use `V0HordeFailedRequest` / `V0JobFailedRequest`); mapped to `streaming_failed`. */
export const V0StreamingJobNotReadyRequest = z.object({
  message_type: z.literal('V0StreamingJobNotReadyRequest'),
  job_uuid: z.string(),
  executor_token: z.string().nullish(),
});
export type V0StreamingJobNotReadyRequest = z.infer<typeof V0StreamingJobNotReadyRequest>;
