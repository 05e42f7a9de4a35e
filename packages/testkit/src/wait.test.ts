import { describe, expect, it } from 'vitest';
import { testkitErrors } from './errors';
import { waitFor, withTimeout } from './wait';

describe('waitFor', () => {
  it('resolves with the first truthy value of the predicate', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { what: 'three calls', intervalMs: 1 });
    expect(value).toBe('after 3');
  });

  it('keeps polling through a throwing predicate and times out naming what it waited for', async () => {
    const boom = new Error('not yet');
    const err = await waitFor(
      () => {
        throw boom;
      },
      { what: 'the impossible', timeoutMs: 50, intervalMs: 5 },
    ).catch((e: unknown) => e);
    expect(testkitErrors.is(err, 'WAIT_TIMEOUT')).toBe(true);
    expect((err as Error).message).toContain('the impossible');
    expect((err as Error).cause).toBe(boom);
  });
});

describe('withTimeout', () => {
  it('passes the value of a promise that settles in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 1000, 'answer')).resolves.toBe(42);
  });

  it('passes the rejection of a promise that fails in time', async () => {
    await expect(withTimeout(Promise.reject(new Error('no')), 1000, 'answer')).rejects.toThrow('no');
  });

  it('rejects with WAIT_TIMEOUT when the promise is too slow', async () => {
    const never = new Promise<never>(() => undefined);
    const err = await withTimeout(never, 20, 'a reply').catch((e: unknown) => e);
    expect(testkitErrors.is(err, 'WAIT_TIMEOUT')).toBe(true);
    expect((err as Error).message).toContain('a reply');
  });
});
