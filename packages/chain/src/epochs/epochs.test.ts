import { describe, expect, it } from 'vitest';
import { legacyEpochClock } from './epochs';

describe('legacyEpochClock', () => {
  // netuid 12, tempo 360: the epoch runs where (block + 13) % 361 == 360, i.e. blocks 347, 708, 1069, …
  const clock = legacyEpochClock({ netuid: 12, tempo: 360 });

  it('counts blocks until the next epoch like subtensor blocks_until_next_epoch', () => {
    expect(clock.blocksUntilNextEpoch(0)).toBe(347);
    expect(clock.blocksUntilNextEpoch(346)).toBe(1);
    expect(clock.blocksUntilNextEpoch(347)).toBe(0);
    expect(clock.blocksUntilNextEpoch(348)).toBe(360);
  });

  it('matches the recorded finney block: netuid 1, tempo 99, block 6,852,690', () => {
    // (6852690 + 2) % 100 = 92 -> 99 - 92 = 7.
    expect(legacyEpochClock({ netuid: 1, tempo: 99 }).blocksUntilNextEpoch(6_852_690)).toBe(7);
  });

  it('gives the epoch containing a block, starting where the epoch ran', () => {
    expect(clock.epochContaining(0)).toEqual({ start: -14, end: 347 });
    expect(clock.epochContaining(346)).toEqual({ start: -14, end: 347 });
    expect(clock.epochContaining(347)).toEqual({ start: 347, end: 708 });
    expect(clock.epochContaining(707)).toEqual({ start: 347, end: 708 });
  });

  it('gives subtensor epoch indexes (commit-reveal), which turn one block after the epoch ran', () => {
    expect(clock.epochIndex(347)).toBe(0);
    expect(clock.epochIndex(348)).toBe(1);
    expect(clock.epochIndex(708)).toBe(1);
    expect(clock.epochIndex(709)).toBe(2);
  });

  it('pairs epochs into 722-block cycles aligned on the epoch of block 0', () => {
    expect(clock.cycleContaining(0)).toEqual({ start: -14, end: 708 });
    expect(clock.cycleContaining(500)).toEqual({ start: -14, end: 708 });
    expect(clock.cycleContaining(708)).toEqual({ start: 708, end: 1430 });
    expect(clock.cycleContaining(1069)).toEqual({ start: 708, end: 1430 });
    expect(clock.cycleContaining(1430)).toEqual({ start: 1430, end: 2152 });
    expect([0, 707, 708, 1429, 1430].map((b) => clock.cycleNumber(b))).toEqual([0, 0, 1, 1, 2]);
  });

  it('keeps every block inside its epoch and cycle over a long range', () => {
    for (let block = 0; block < 5000; block += 37) {
      const epoch = clock.epochContaining(block);
      const cycle = clock.cycleContaining(block);
      expect(block >= epoch.start && block < epoch.end && block >= cycle.start && block < cycle.end).toBe(true);
      expect(clock.blocksUntilNextEpoch(epoch.end)).toBe(0);
    }
  });

  it('rejects a tempo of 0 and negative blocks', () => {
    expect(() => legacyEpochClock({ netuid: 1, tempo: 0 })).toThrow(RangeError);
    expect(() => clock.epochIndex(-1)).toThrow(RangeError);
  });
});
