import { HordeError } from '@horde/protocol';
import type { Logger } from 'pino';
import { executorIo } from '../io-errors';

/** How often and how patiently a transfer is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `retries + 1` attempts at most). */
  retries: number;
  /** Delay before the first retry; doubled for each next one, with ±25 % jitter. */
  backoffMs: number;
  signal?: AbortSignal;
  logger: Logger;
  /** Names the transfer in retry log lines (a redacted URL, never a query string). */
  what: string;
}

/** Thrown by an attempt whose failure another attempt may cure (network error, 5xx, 429). */
export class TransientFailure extends Error {
  constructor(readonly error: HordeError) {
    super(error.message, { cause: error });
  }
}

/** HTTP statuses worth another attempt. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * Runs `attempt` until it succeeds, throws anything but a `TransientFailure`, or runs out of
 * retries (then the last transient failure's error is thrown). Aborting `signal` ends the loop
 * with `IO_ABORTED`, also during a back-off pause.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    throwIfAborted(policy.signal);
    try {
      return await attempt(n);
    } catch (err) {
      if (!(err instanceof TransientFailure)) throw err;
      if (n >= policy.retries) throw err.error;
      const delayMs = Math.round(policy.backoffMs * 2 ** n * (0.75 + Math.random() * 0.5));
      policy.logger.warn({ what: policy.what, attempt: n + 1, delayMs, err: err.error.toJSON() }, 'transfer failed, retrying');
      await pause(delayMs, policy.signal);
    }
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw executorIo.error('IO_ABORTED', undefined, { cause: signal.reason });
}

/** The signal for one attempt: the caller's signal, plus a timeout when one is set. */
export function attemptSignal(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal | undefined {
  const signals = [signal, timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)].filter((s): s is AbortSignal => s !== undefined);
  return signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
}

/**
 * Classifies an error thrown by fetch or while reading a body: typed errors pass through, the
 * caller's abort becomes `IO_ABORTED`, anything else (network error, our own timeout) becomes a
 * transient `failure(cause)`.
 */
export function classifyTransferError(err: unknown, outer: AbortSignal | undefined, failure: (cause: unknown) => HordeError): Error {
  if (err instanceof HordeError || err instanceof TransientFailure) return err;
  if (outer?.aborted) return executorIo.error('IO_ABORTED', undefined, { cause: outer.reason });
  return new TransientFailure(failure(err));
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(executorIo.error('IO_ABORTED', undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
