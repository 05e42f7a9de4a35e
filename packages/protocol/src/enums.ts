/**
 * Wire enums shared by every channel (reference: `compute_horde/protocol_consts.py`).
 *
 * Each enum has an `unknown` member. The reference's enums map any value they do not know to
 * `unknown` (`_missing_`), so a newer peer's new reason never breaks an older one; message
 * schemas use `lenient(...)` to do the same. The plain schemas exported here are strict and are
 * meant for our own data (database columns, API input).
 */
import { z } from 'zod';

export const JobStatus = z.enum([
  'unknown',
  'sent',
  'received',
  'accepted',
  'executor_ready',
  'streaming_ready',
  'volumes_ready',
  'execution_done',
  'completed',
  'rejected',
  'failed',
  'horde_failed',
  // Beyond the reference: the submitter cancelled the job. Only Horde peers send it (a reference
  // peer reads an unknown status as `unknown`), after a HordeJobCancelRequest.
  'cancelled',
]);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobStage = z.enum(['unknown', 'executor_startup', 'volume_download', 'streaming_startup', 'execution', 'result_upload']);
export type JobStage = z.infer<typeof JobStage>;

/** An infrastructure fault: not the user's job's fault. */
export const HordeFailureReason = z.enum([
  'unknown',
  'generic_error',
  'unhandled_exception',
  'unhandled_timeout',
  'streaming_failed',
  'miner_connection_failed',
  'initial_response_timed_out',
  'executor_readiness_response_timed_out',
  'volumes_timed_out',
  'streaming_job_ready_timed_out',
  'execution_timed_out',
  'final_response_timed_out',
  'executor_spinup_failed',
  'executor_disconnected',
  'security_check_failed',
]);
export type HordeFailureReason = z.infer<typeof HordeFailureReason>;

/** The user's job itself failed. */
export const JobFailureReason = z.enum(['unknown', 'timeout', 'nonzero_return_code', 'download_failed', 'upload_failed']);
export type JobFailureReason = z.infer<typeof JobFailureReason>;

export const JobRejectionReason = z.enum(['unknown', 'busy', 'invalid_signature', 'no_miner_for_job', 'validator_blacklisted']);
export type JobRejectionReason = z.infer<typeof JobRejectionReason>;

export const JobParticipantType = z.enum(['unknown', 'sdk', 'facilitator', 'validator', 'miner', 'executor']);
export type JobParticipantType = z.infer<typeof JobParticipantType>;

/** GPU access for the job container; the validator picks `nvidia_all` iff the class has a GPU. */
export const DockerRunOptionsPreset = z.enum(['nvidia_all', 'none']);
export type DockerRunOptionsPreset = z.infer<typeof DockerRunOptionsPreset>;

const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(['completed', 'rejected', 'failed', 'horde_failed', 'cancelled']);

/** True for the end states (`completed`, `rejected`, `failed`, `horde_failed`, our `cancelled`): nothing follows them. */
export function isTerminalJobStatus(status: JobStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/**
 * Wire reading of an enum that has an `unknown` member: any string the enum does not know becomes
 * `unknown` (as the reference's `_missing_` does); a non-string is still invalid.
 */
export function lenient<E extends Readonly<Record<string, string>> & { readonly unknown: 'unknown' }>(schema: z.ZodEnum<E>) {
  const known: ReadonlySet<string> = new Set<string>(schema.options);
  return z.string().transform((value) => (known.has(value) ? value : 'unknown') as E[keyof E]);
}
