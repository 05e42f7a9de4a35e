/**
 * Bounded metric label values: an executor class the protocol table does not know is `other`, a
 * failure reason outside the wire enums is `unknown`, so a peer can never grow a label set.
 */
import { HordeFailureReason, JobFailureReason, JobRejectionReason, executorClassSpec } from '@horde/protocol';

const REASONS: ReadonlySet<string> = new Set<string>([...HordeFailureReason.options, ...JobFailureReason.options, ...JobRejectionReason.options]);

export function classLabel(executorClass: string): string {
  return executorClassSpec(executorClass) ? executorClass : 'other';
}

export function reasonLabel(reason: string | undefined): string {
  if (reason === undefined) return 'none';
  return REASONS.has(reason) ? reason : 'unknown';
}
