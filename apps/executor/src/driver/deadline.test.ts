import { describe, expect, it } from 'vitest';
import { Deadline } from './deadline';

function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('Deadline', () => {
  it('counts down from its initial seconds', () => {
    const c = clock();
    const d = new Deadline(5, c.now);
    expect(d.remainingMs()).toBe(5000);
    c.advance(1200);
    expect(d.remainingMs()).toBe(3800);
    expect(d.expired).toBe(false);
  });

  it('carries unused time over into the next stage', () => {
    const c = clock();
    const d = new Deadline(5, c.now);
    c.advance(2000);
    d.extend(10);
    expect(d.remainingMs()).toBe(13_000);
  });

  it('expires, never goes negative, and does not forgive an overrun', () => {
    const c = clock();
    const d = new Deadline(1, c.now);
    c.advance(3000);
    expect(d.expired).toBe(true);
    expect(d.remainingMs()).toBe(0);
    d.extend(5);
    expect(d.remainingMs()).toBe(3000);
  });

  it('works on the real clock', () => {
    const d = new Deadline(0.5);
    expect(d.remainingMs()).toBeGreaterThan(0);
    expect(d.remainingMs()).toBeLessThanOrEqual(500);
  });
});
