import { describe, expect, it } from 'vitest';
import { commitRevealWindows, inRange } from './windows';

describe('commitRevealWindows (ComputeHorde set_scores)', () => {
  it('cuts 722-block intervals into a reveal window then a commit window, 15 blocks short each', () => {
    expect(commitRevealWindows(1000)).toEqual({
      interval: { start: 722, end: 1444 },
      reveal: { start: 722, end: 1068 },
      commit: { start: 1083, end: 1429 },
    });
  });

  it('puts the edges where the reference does', () => {
    const w = commitRevealWindows(722);
    expect(inRange(1067, w.reveal)).toBe(true);
    expect(inRange(1068, w.reveal) || inRange(1068, w.commit)).toBe(false);
    expect(inRange(1083, w.commit)).toBe(true);
    expect(inRange(1429, w.commit)).toBe(false);
    expect(commitRevealWindows(1443).interval.start).toBe(722);
    expect(commitRevealWindows(1444).interval.start).toBe(1444);
  });

  it('takes other interval settings and refuses empty windows', () => {
    expect(commitRevealWindows(25, { length: 20, commitStartOffset: 10, endMargin: 2 }).commit).toEqual({ start: 30, end: 38 });
    expect(() => commitRevealWindows(5, { length: 20, commitStartOffset: 2, endMargin: 2 })).toThrow(RangeError);
  });
});
