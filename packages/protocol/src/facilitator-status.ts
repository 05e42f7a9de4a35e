/**
 * Job status updates the validator pushes to the facilitator
 * (reference: `compute_horde/fv_protocol/validator_requests.py`).
 */
import { z } from 'zod';
import { HordeFailureReason, JobFailureReason, JobParticipantType, JobRejectionReason, JobStage, JobStatus, lenient } from './enums';
import { JsonValue } from './json-value';
import { Port } from './schema-helpers';

/** The job's output, with status `completed`. */
export const JobResultDetails = z.object({
  docker_process_stderr: z.string(),
  docker_process_stdout: z.string(),
  artifacts: z.record(z.string(), z.string()).nullish(),
  upload_results: z.record(z.string(), z.string()).nullish(),
});
export type JobResultDetails = z.infer<typeof JobResultDetails>;

export const JobRejectionDetails = z.object({
  rejected_by: lenient(JobParticipantType),
  reason: lenient(JobRejectionReason),
  message: z.string(),
  context: JsonValue.nullish(),
});
export type JobRejectionDetails = z.infer<typeof JobRejectionDetails>;

export const JobFailureDetails = z.object({
  reason: lenient(JobFailureReason),
  stage: lenient(JobStage),
  message: z.string(),
  context: JsonValue.nullish(),
  docker_process_exit_status: z.number().int().nullish(),
  docker_process_stdout: z.string().nullish(),
  docker_process_stderr: z.string().nullish(),
});
export type JobFailureDetails = z.infer<typeof JobFailureDetails>;

export const HordeFailureDetails = z.object({
  reported_by: lenient(JobParticipantType),
  reason: lenient(HordeFailureReason),
  message: z.string(),
  context: JsonValue.nullish(),
});
export type HordeFailureDetails = z.infer<typeof HordeFailureDetails>;

/** Where the user reaches a streaming job (status `streaming_ready`). */
export const StreamingServerDetails = z.object({
  streaming_server_cert: z.string().nullish(),
  streaming_server_address: z.string().nullish(),
  streaming_server_port: Port.nullish(),
});
export type StreamingServerDetails = z.infer<typeof StreamingServerDetails>;

/** At most one of the details is set, matching the status. */
export const JobStatusMetadata = z.object({
  miner_response: JobResultDetails.nullish(),
  job_rejection_details: JobRejectionDetails.nullish(),
  job_failure_details: JobFailureDetails.nullish(),
  horde_failure_details: HordeFailureDetails.nullish(),
  streaming_details: StreamingServerDetails.nullish(),
});
export type JobStatusMetadata = z.infer<typeof JobStatusMetadata>;

/** A job changed status; the facilitator answers with `Response` (a repeated status is an error). */
export const V0JobStatusUpdate = z.object({
  message_type: z.literal('V0JobStatusUpdate'),
  uuid: z.string(),
  status: lenient(JobStatus),
  metadata: JobStatusMetadata.nullish(),
});
export type V0JobStatusUpdate = z.infer<typeof V0JobStatusUpdate>;
