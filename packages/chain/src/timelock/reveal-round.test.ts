import { describe, expect, it } from 'vitest';
import { legacyEpochClock } from '../epochs/epochs';
import { QUICKNET } from './beacon';
import { firstRevealBlock, revealRound } from './reveal-round';

/** bittensor-drand `generate_commit`, step 1, written out independently. */
function referenceFirstRevealBlock(tempo: number, netuid: number, block: number, period: number): number {
  const currentEpoch = Math.floor((block + netuid + 1) / (tempo + 1));
  return (currentEpoch + period) * (tempo + 1) - (netuid + 1);
}

describe('reveal round', () => {
  it('finds the first block of the reveal epoch as bittensor-drand does, on every block of a few epochs', () => {
    for (const [tempo, netuid] of [
      [360, 12],
      [99, 1],
      [10, 0],
    ] as const) {
      const clock = legacyEpochClock({ netuid, tempo });
      for (const period of [1, 2, 5]) {
        for (let block = 1000; block < 1000 + 3 * (tempo + 1); block++) {
          const first = firstRevealBlock(clock, block, period);
          expect(first, `tempo ${tempo} netuid ${netuid} block ${block} period ${period}`).toBe(referenceFirstRevealBlock(tempo, netuid, block, period));
          expect(clock.epochIndex(first)).toBe(clock.epochIndex(block) + period);
          expect(clock.epochIndex(first - 1)).toBe(clock.epochIndex(block) + period - 1);
        }
      }
    }
  });

  it('turns the blocks until 3 past the reveal epoch start into quicknet rounds, rounded down', () => {
    const clock = legacyEpochClock({ netuid: 12, tempo: 360 });
    const block = 6_852_690;
    const first = referenceFirstRevealBlock(360, 12, block, 1);
    const nowSeconds = 1_764_000_000.5;
    const expected = Math.floor((nowSeconds + (first + 3 - block) * 12 - QUICKNET.genesis) / QUICKNET.period);
    expect(revealRound({ clock, currentBlock: block, revealPeriod: 1, nowSeconds })).toBe(expected);
    // one more epoch of reveal period is (tempo + 1) blocks of 12 s later: 1444 rounds of 3 s
    expect(revealRound({ clock, currentBlock: block, revealPeriod: 2, nowSeconds })).toBe(expected + (361 * 12) / 3);
  });

  it('takes the block time and the beacon from the caller (devchain: fast blocks, own beacon)', () => {
    const clock = legacyEpochClock({ netuid: 1, tempo: 10 });
    const beacon = { genesis: 1_000, period: 1 };
    // block 20: epoch index (20+2)/11 = 2, reveal epoch 3 starts at 3*11-2 = 31, target 34: 14 blocks of 0.25 s
    expect(revealRound({ clock, currentBlock: 20, revealPeriod: 1, nowSeconds: 1_100, blockTimeSeconds: 0.25, beacon })).toBe(Math.floor(100 + 14 * 0.25));
    expect(revealRound({ clock, currentBlock: 20, revealPeriod: 1, nowSeconds: 0, beacon })).toBe(1);
  });

  it('refuses a reveal period below 1', () => {
    const clock = legacyEpochClock({ netuid: 1, tempo: 10 });
    expect(() => revealRound({ clock, currentBlock: 5, revealPeriod: 0 })).toThrow(expect.objectContaining({ code: 'TIMELOCK_INPUT_INVALID' }));
  });
});
