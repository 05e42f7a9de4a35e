/** The code and retryability of whatever a weight-setting step threw. */
import { HordeError } from '@horde/protocol';

export interface FailureInfo {
  readonly code: string;
  readonly retryable: boolean;
  readonly detail: string;
}

/** A HordeError keeps its code and retryability; anything else is UNEXPECTED and retried next tick. */
export function failureInfo(err: unknown): FailureInfo {
  const detail = (err instanceof Error ? err.message : String(err)).slice(0, 500);
  if (err instanceof HordeError) return { code: err.code, retryable: err.retryable, detail };
  return { code: 'UNEXPECTED', retryable: true, detail };
}
