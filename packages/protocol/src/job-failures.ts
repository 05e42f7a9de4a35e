/**
 * How a job ends badly: declined by the miner, failed by the user's job, or failed by the horde
 * (reference: `compute_horde/protocol_messages.py`).
 */
import { z } from 'zod';
import { HordeFailureReason, JobFailureReason, JobParticipantType, JobRejectionReason, JobStage, lenient } from './enums';
import { FailureContext } from './json-value';
import { Receipt } from './receipts';
import { withDefault } from './schema-helpers';

/**
 * The miner will not run the job (`busy`, `validator_blacklisted`, ...). A `busy` decline carries
 * excuse receipts: the miner's currently valid started receipts of the same class.
 */
export const V0DeclineJobRequest = z.object({
  message_type: z.literal('V0DeclineJobRequest'),
  job_uuid: z.string(),
  message: withDefault(z.string(), () => ''),
  reason: withDefault(lenient(JobRejectionReason), () => 'unknown' as const),
  receipts: withDefault(z.array(Receipt), () => []),
  context: FailureContext.nullish(),
});
export type V0DeclineJobRequest = z.infer<typeof V0DeclineJobRequest>;

/**
 * The user's job failed (timeout, non-zero exit, download or upload failure).
 *
 * Aliases: the reference reads `message` or its older name `error_detail`, and `reason` or
 * `error_type` (older peers know only the old names). We accept either name (the new one wins
 * when both are present) and always write BOTH names with the same value: a pydantic peer ignores
 * the name it does not use and finds the one it wants.
 */
export const V0JobFailedRequest = z
  .object({
    message_type: z.literal('V0JobFailedRequest'),
    job_uuid: z.string(),
    message: z.string().nullish(),
    error_detail: z.string().nullish(),
    reason: lenient(JobFailureReason).nullish(),
    error_type: lenient(JobFailureReason).nullish(),
    stage: withDefault(lenient(JobStage), () => 'unknown' as const),
    docker_process_exit_status: z.number().int().nullish(),
    docker_process_stdout: z.string().nullish(),
    docker_process_stderr: z.string().nullish(),
    context: FailureContext.nullish(),
  })
  .transform((wire) => {
    const message = wire.message ?? wire.error_detail ?? '';
    const reason: JobFailureReason = wire.reason ?? wire.error_type ?? 'unknown';
    return {
      message_type: wire.message_type,
      job_uuid: wire.job_uuid,
      message,
      error_detail: message,
      reason,
      error_type: reason,
      stage: wire.stage,
      docker_process_exit_status: wire.docker_process_exit_status,
      docker_process_stdout: wire.docker_process_stdout,
      docker_process_stderr: wire.docker_process_stderr,
      context: wire.context,
    };
  });
export type V0JobFailedRequest = z.infer<typeof V0JobFailedRequest>;

/** The infrastructure failed (executor disconnected, spin-up failed, ...): not the user's fault. */
export const V0HordeFailedRequest = z.object({
  message_type: z.literal('V0HordeFailedRequest'),
  job_uuid: z.string(),
  reported_by: lenient(JobParticipantType),
  message: z.string(),
  reason: lenient(HordeFailureReason),
  context: FailureContext.nullish(),
});
export type V0HordeFailedRequest = z.infer<typeof V0HordeFailedRequest>;
