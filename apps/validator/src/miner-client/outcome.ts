/**
 * How one try of a job on one miner ended, and the facilitator-shaped status that says so
 * (V0JobStatusUpdate with the reference's JobStatusMetadata).
 */
import type { HordeFailureDetails, HordeFailureReason, JobFailureDetails, JobRejectionDetails, JobResultDetails, V0JobStatusUpdate } from '@horde/protocol';
import type { EndingMessage } from './inbox';

export type MinerOutcome =
  | { readonly kind: 'completed'; readonly result: JobResultDetails }
  | { readonly kind: 'failed'; readonly details: JobFailureDetails }
  | { readonly kind: 'horde_failed'; readonly details: HordeFailureDetails }
  | { readonly kind: 'rejected'; readonly details: JobRejectionDetails }
  | { readonly kind: 'cancelled'; readonly reason: string };

/** A try's outcome plus whether the job had started on an executor (V0JobRequest sent). */
export interface MinerRunResult {
  readonly outcome: MinerOutcome;
  readonly jobSent: boolean;
  readonly startedAt: Date;
  readonly endedAt: Date;
}

/**
 * A failure the validator itself observed (timeout, lost connection). The reference reports these
 * with status `failed` carrying horde_failure_details (reference §10); we say `horde_failed`, which is
 * what the details describe.
 */
export function validatorHordeFailure(reason: HordeFailureReason, message: string, context?: Record<string, string | number>): MinerOutcome {
  return { kind: 'horde_failed', details: { reported_by: 'validator', reason, message, context: context ?? null } };
}

/** The outcome a miner's ending message means. */
export function outcomeOfEnding(message: EndingMessage): MinerOutcome {
  switch (message.message_type) {
    case 'V0DeclineJobRequest':
      return { kind: 'rejected', details: { rejected_by: 'miner', reason: message.reason, message: message.message, context: message.context ?? null } };
    case 'V0JobFailedRequest':
      return {
        kind: 'failed',
        details: {
          reason: message.reason,
          stage: message.stage,
          message: message.message,
          context: message.context ?? null,
          docker_process_exit_status: message.docker_process_exit_status ?? null,
          docker_process_stdout: message.docker_process_stdout ?? null,
          docker_process_stderr: message.docker_process_stderr ?? null,
        },
      };
    case 'V0HordeFailedRequest':
      return { kind: 'horde_failed', details: { reported_by: message.reported_by, reason: message.reason, message: message.message, context: message.context ?? null } };
    case 'V0ExecutorFailedRequest':
      return { kind: 'horde_failed', details: { reported_by: 'miner', reason: 'executor_spinup_failed', message: 'executor failed (V0ExecutorFailedRequest)', context: null } };
    case 'V0StreamingJobNotReadyRequest':
      return { kind: 'horde_failed', details: { reported_by: 'miner', reason: 'streaming_failed', message: 'streaming job not ready (V0StreamingJobNotReadyRequest)', context: null } };
  }
}

/** The final status of a job that ended with `outcome`. */
export function finalStatus(jobUuid: string, outcome: MinerOutcome): V0JobStatusUpdate {
  const base = { message_type: 'V0JobStatusUpdate' as const, uuid: jobUuid };
  switch (outcome.kind) {
    case 'completed':
      return { ...base, status: 'completed', metadata: { miner_response: outcome.result } };
    case 'failed':
      return { ...base, status: 'failed', metadata: { job_failure_details: outcome.details } };
    case 'horde_failed':
      return { ...base, status: 'horde_failed', metadata: { horde_failure_details: outcome.details } };
    case 'rejected':
      return { ...base, status: 'rejected', metadata: { job_rejection_details: outcome.details } };
    case 'cancelled':
      return { ...base, status: 'cancelled', metadata: null };
  }
}

/** Reason and message of an outcome, for attempts and the error columns. */
export function outcomeSummary(outcome: MinerOutcome): { reason: string | null; message: string | null } {
  switch (outcome.kind) {
    case 'completed':
      return { reason: null, message: null };
    case 'cancelled':
      return { reason: 'cancelled', message: outcome.reason };
    default:
      return { reason: outcome.details.reason, message: outcome.details.message };
  }
}
