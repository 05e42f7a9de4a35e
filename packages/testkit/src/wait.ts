import { testkitErrors } from './errors';

export interface WaitForOptions {
  /** Give up after this long (default 5000 ms). */
  timeoutMs?: number;
  /** Pause between two polls (default 25 ms). */
  intervalMs?: number;
  /** Names the awaited condition in the timeout error. */
  what: string;
}

/**
 * Polls `predicate` until it returns a truthy value, and resolves with that value. Rejects with
 * `WAIT_TIMEOUT` naming `what` (and the predicate's last error, if it threw) when time runs out.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, options: WaitForOptions): Promise<NonNullable<T>> {
  const { timeoutMs = 5000, intervalMs = 25, what } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw testkitErrors.error('WAIT_TIMEOUT', `${what} (after ${timeoutMs} ms)`, { cause: lastError, context: { what, timeoutMs } });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}

/** Settles like `promise`, or rejects with `WAIT_TIMEOUT` naming `what` after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(testkitErrors.error('WAIT_TIMEOUT', `${what} (after ${ms} ms)`, { context: { what, timeoutMs: ms } })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
