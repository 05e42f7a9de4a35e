/**
 * A periodic task: runs once at start, then again `intervalMs` after each run ends (runs never
 * overlap). A run may ask for an earlier next run (e.g. "the rate limit passes in 40 s"). A run
 * that throws is logged and the schedule goes on: a periodic chain task must never stop the miner.
 */
import type { Logger } from '@horde/service';

/** What a run returns: nothing (next run after the interval), or how soon to run again. */
export type RunOutcome = void | { readonly retryInMs?: number };

export interface PeriodicTask {
  /** Starts the schedule: the first run begins now. */
  start(): void;
  /** Runs once now (after the run in flight, if any) and returns its outcome; the schedule is kept. */
  runNow(): Promise<RunOutcome>;
  /** Stops the schedule and waits for the run in flight. */
  stop(): Promise<void>;
}

export function periodic(name: string, intervalMs: number, run: () => Promise<RunOutcome>, logger: Logger): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<RunOutcome> = Promise.resolve();
  let stopped = true;

  const runOnce = (): Promise<RunOutcome> => {
    inFlight = inFlight.then(
      () => run(),
      () => run(),
    );
    return inFlight;
  };

  const tick = async (): Promise<void> => {
    timer = undefined;
    let delayMs = intervalMs;
    try {
      const outcome = await runOnce();
      const retryInMs = outcome?.retryInMs;
      if (retryInMs !== undefined && retryInMs < intervalMs) delayMs = Math.max(0, retryInMs);
    } catch (err) {
      logger.error({ err, task: name }, 'periodic task failed');
    }
    if (!stopped) timer = setTimeout(() => void tick(), delayMs);
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void tick();
    },
    runNow: runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight.catch(() => undefined);
    },
  };
}
