import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@horde/testkit';
import { createLogger } from './logger';
import type { Logger } from './logger';
import { periodic } from './periodic';
import type { RunOutcome } from './periodic';

const HOUR = 3_600_000;

/** A real pino logger whose JSON lines are parsed as they are written. */
function capturedLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ name: 'periodic-test', level: 'info', destination }), lines };
}

describe('periodic', () => {
  it('runs at start, then again as soon as a run asks for an early retry', async () => {
    const { logger } = capturedLogger();
    const outcomes: RunOutcome[] = [{ retryInMs: 0 }, undefined];
    let runs = 0;
    const task = periodic('t', HOUR, async () => outcomes[runs++], logger);
    task.start();
    await waitFor(() => runs === 2, { what: 'the start run and the early retry' });
    await task.stop();
    expect(runs).toBe(2);
  });

  it('logs a run that throws and keeps the schedule', async () => {
    const { logger, lines } = capturedLogger();
    let runs = 0;
    const task = periodic(
      'flaky',
      HOUR,
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('boom');
        return { retryInMs: HOUR * 2 };
      },
      logger,
    );
    task.start();
    await waitFor(() => lines.find((line) => line.msg === 'periodic task failed' && line.task === 'flaky'), { what: 'the failure logged' });
    expect(await task.runNow()).toEqual({ retryInMs: HOUR * 2 });
    await task.stop();
    expect(runs).toBe(2);
  });

  it('never overlaps runs, and stop waits for the run in flight', async () => {
    const { logger } = capturedLogger();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const task = periodic(
      'slow',
      HOUR,
      async () => {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((resolve) => (release = resolve));
        active -= 1;
      },
      logger,
    );
    task.start();
    await waitFor(() => runs === 1, { what: 'the first run' });
    const second = task.runNow();
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await nextTurn();
    expect(stopped).toBe(false);
    release();
    await waitFor(() => runs === 2, { what: 'the second run, after the first' });
    release();
    await second;
    await stopping;
    expect(stopped).toBe(true);
    expect(maxActive).toBe(1);
  });
});
