import { describe, expect, it } from 'vitest';
import { executorErrors } from '../errors';
import { Deadline } from './deadline';
import { guardStage } from './stage-guard';

const onTimeout = () => executorErrors.error('DEADLINE_EXCEEDED');

describe('guardStage', () => {
  it('returns what the work returns within the deadline', async () => {
    const parent = new AbortController();
    await expect(guardStage(new Deadline(1), { parent: parent.signal, onTimeout }, async () => 42)).resolves.toBe(42);
  });

  it("passes the work's own failure through", async () => {
    const parent = new AbortController();
    const boom = executorErrors.error('VOLUME_SENT_TWICE');
    await expect(guardStage(new Deadline(1), { parent: parent.signal, onTimeout }, () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('aborts the work on the deadline, lets it wind down, then fails with the timeout error', async () => {
    const parent = new AbortController();
    let woundDown = false;
    const err = await guardStage(new Deadline(0.05), { parent: parent.signal, onTimeout }, (signal) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => {
          // Simulates killing a container: takes a moment, then the work rejects on its own terms.
          setTimeout(() => {
            woundDown = true;
            reject(new Error('killed'));
          }, 50);
        }),
      ),
    ).catch((e: unknown) => e);
    expect(executorErrors.is(err, 'DEADLINE_EXCEEDED')).toBe(true);
    expect(woundDown).toBe(true);
  });

  it('waits graceMs past the deadline before aborting', async () => {
    const parent = new AbortController();
    const result = guardStage(new Deadline(0), { parent: parent.signal, onTimeout, graceMs: 200 }, () => new Promise((resolve) => setTimeout(() => resolve('in grace'), 50)));
    await expect(result).resolves.toBe('in grace');
  });

  it('fails with the parent reason when the job is stopped, and starts nothing once stopped', async () => {
    const parent = new AbortController();
    const running = guardStage(new Deadline(30), { parent: parent.signal, onTimeout }, (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')))));
    parent.abort(executorErrors.error('MINER_DISCONNECTED'));
    await expect(running).rejects.toSatisfy((e) => executorErrors.is(e, 'MINER_DISCONNECTED'));
    let started = false;
    const late = guardStage(new Deadline(30), { parent: parent.signal, onTimeout }, async () => {
      started = true;
    });
    await expect(late).rejects.toSatisfy((e) => executorErrors.is(e, 'MINER_DISCONNECTED'));
    expect(started).toBe(false);
  });
});
