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
  const relay = (): void => ctl.abort(opts.parent.reason);
  if (opts.parent.aborted) relay();
  else opts.parent.addEventListener('abort', relay, { once: true });
  const timer = setTimeout(() => ctl.abort(opts.onTimeout()), deadline.remainingMs() + (opts.graceMs ?? 0));

  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(ctl.signal.reason);
    if (ctl.signal.aborted) onAbort();
    else ctl.signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // may lose the race; never an unhandled rejection
  const running = Promise.resolve().then(() => work(ctl.signal));
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

async function settle(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.then(noop, noop), new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_MS)))]);
  clearTimeout(timer);
}

function noop(): void {}
