/** Bounded retries with exponential backoff and a per-attempt timeout, for chain reads. */
import { HordeError } from '@horde/protocol';
import { chainErrors } from '../errors';

export interface RetryPolicy {
  /** Total attempts, first one included (>= 1). */
  attempts: number;
  /** Delay before the second attempt; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Each attempt fails with CHAIN_TIMEOUT after this long. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4_000, timeoutMs: 20_000 };

/** Rejects with CHAIN_TIMEOUT when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(chainErrors.error('CHAIN_TIMEOUT', `${what} after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt` until it succeeds, throws a non-retryable HordeError, or the attempts run out.
 * Anything that is not a HordeError is a transport failure: it becomes CHAIN_UNAVAILABLE.
 */
export async function withRetry<T>(what: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  let last: HordeError | undefined;
  for (let i = 0; i < policy.attempts; i += 1) {
    if (i > 0) await delay(Math.min(policy.baseDelayMs * 2 ** (i - 1), policy.maxDelayMs));
    try {
      return await withTimeout(attempt(), policy.timeoutMs, what);
    } catch (err) {
      const typed = err instanceof HordeError ? err : chainErrors.error('CHAIN_UNAVAILABLE', what, { cause: err });
      if (!typed.retryable) throw typed;
      last = typed;
    }
  }
  throw chainErrors.error(last?.code === 'CHAIN_TIMEOUT' ? 'CHAIN_TIMEOUT' : 'CHAIN_UNAVAILABLE', `${what}: gave up after ${policy.attempts} attempts`, {
    cause: last,
    context: { attempts: policy.attempts },
  });
}
