import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, reconnectDelayMs } from './backoff';

describe('reconnectDelayMs', () => {
  it('waits 2, 4, 8, 10, 10 s without jitter', () => {
    const delays = [1, 2, 3, 4, 5, 12].map((attempt) => reconnectDelayMs(attempt, false, DEFAULT_BACKOFF, () => 0.5));
    expect(delays).toEqual([2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it('spreads each delay by at most the jitter fraction', () => {
    expect(reconnectDelayMs(1, false, DEFAULT_BACKOFF, () => 0)).toBe(1_600);
    expect(reconnectDelayMs(1, false, DEFAULT_BACKOFF, () => 1)).toBe(2_400);
    expect(reconnectDelayMs(9, false, DEFAULT_BACKOFF, () => 0.999)).toBeLessThanOrEqual(12_000);
  });

  it('waits the long refused delay when the facilitator refused us', () => {
    expect(reconnectDelayMs(1, true, DEFAULT_BACKOFF, () => 0.5)).toBe(60_000);
  });
});
