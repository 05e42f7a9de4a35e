/** Backoff shared by HTTP retries and job re-runs. */

export interface BackoffOptions {
  /** First delay (ms). */
  readonly initialMs: number;
  /** Largest delay (ms), jitter included. */
  readonly maxMs: number;
  /** Random extra of up to this fraction of `initialMs` (0 = none). */
  readonly jitter?: number;
}

/** Delay before retry number `retry` (0-based): `initialMs · 2^retry` plus jitter, at most `maxMs`. */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const base = options.initialMs * 2 ** retry;
  const jitter = (options.jitter ?? 0) * options.initialMs * Math.random();
  return Math.min(options.maxMs, base + jitter);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
