/**
 * Pause before the next dial: 2, 4, 8, 10, 10, ... seconds (the reference's steps), each with up to
 * ±`jitter` of random spread so that validators restarted together do not dial in step. A refused
 * connection (the facilitator does not know us or our signature) waits `refusedMs` instead: trying
 * again at once cannot help until the chain sync or our key changes.
 */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly refusedMs: number;
  /** Fraction of the delay, 0..1. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 2_000, maxMs: 10_000, refusedMs: 60_000, jitter: 0.2 };

/** `attempt` counts failed attempts in a row, from 1. */
export function reconnectDelayMs(attempt: number, refused: boolean, options: BackoffOptions, random: () => number = Math.random): number {
  const base = refused ? options.refusedMs : Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
  const spread = base * options.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}
