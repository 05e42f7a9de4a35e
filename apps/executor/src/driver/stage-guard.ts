import type { HordeError } from '@horde/protocol';
import type { Deadline } from './deadline';

/** How long an aborted stage gets to stop its work (kill and remove a container, drop a transfer). */
const SETTLE_MS = 15_000;

export interface GuardOptions {
  /** Aborted when the whole job must stop (the miner went away); its reason is rethrown. */
  parent: AbortSignal;
  /** The error a stage that runs past `deadline` fails with. */
  onTimeout: () => HordeError;
  /** Extra time past the deadline, for work that enforces the deadline itself and reports better. */
  graceMs?: number;
}

/**
 * Runs one stage's work under the job's deadline. The work gets a signal that aborts when the
 * deadline passes or `parent` aborts; the stage then waits (boundedly) for the work to wind down
 * — so a killed container is gone before cleanup starts — and fails with the abort's reason.
 */
export async function guardStage<T>(deadline: Deadline, opts: GuardOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  // A job already stopped does not start another stage.
  opts.parent.throwIfAborted();
  const relay = (): void => ctl.abort(opts.parent.reason);
  opts.parent.addEventListener('abort', relay, { once: true });
  const timer = setTimeout(() => ctl.abort(opts.onTimeout()), deadline.remainingMs() + (opts.graceMs ?? 0));

  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(ctl.signal.reason);
    if (ctl.signal.aborted) onAbort();
    else ctl.signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // may lose the race; never an unhandled rejection
  const running = start(work, ctl.signal);
  try {
    return await Promise.race([running, aborted]);
  } catch (err) {
    if (!ctl.signal.aborted) throw err;
    await settle(running);
    throw ctl.signal.reason;
  } finally {
    clearTimeout(timer);
    opts.parent.removeEventListener('abort', relay);
    ctl.signal.removeEventListener('abort', onAbort);
  }
}

/** Starts the work at once (it sees the signal as it is now); a synchronous throw becomes a rejection. */
function start<T>(work: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  try {
    return work(signal);
  } catch (err) {
    return Promise.reject(err);
  }
}

async function settle(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.then(noop, noop), new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_MS)))]);
  clearTimeout(timer);
}

function noop(): void {}
