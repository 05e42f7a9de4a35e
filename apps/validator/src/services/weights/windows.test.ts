import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMIT_REVEAL_WINDOWS, commitRevealWindows } from '@horde/chain';
import { weightWindows } from './windows';

describe('weight windows from the tempo', () => {
  it('equal ComputeHorde constants on finney (tempo 360)', () => {
    expect(weightWindows(360)).toEqual(DEFAULT_COMMIT_REVEAL_WINDOWS);
    expect(weightWindows(360)).toEqual({ length: 722, commitStartOffset: 361, endMargin: 15 });
  });

  it('cap the margin for small tempos, so that both windows stay open', () => {
    expect(weightWindows(10)).toEqual({ length: 22, commitStartOffset: 11, endMargin: 2 });
    expect(weightWindows(1)).toEqual({ length: 4, commitStartOffset: 2, endMargin: 1 });
    expect(commitRevealWindows(30, weightWindows(10))).toEqual({ interval: { start: 22, end: 44 }, reveal: { start: 22, end: 31 }, commit: { start: 33, end: 42 } });
  });

  it('take each override as given', () => {
    expect(weightWindows(10, { length: 100, commitStartOffset: 40, endMargin: 5 })).toEqual({ length: 100, commitStartOffset: 40, endMargin: 5 });
    expect(weightWindows(10, { endMargin: 0 })).toEqual({ length: 22, commitStartOffset: 11, endMargin: 0 });
  });
});
