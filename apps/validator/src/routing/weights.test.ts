import { describe, expect, it } from 'vitest';
import { reliabilityScore, reliabilityWeight, weightedShuffle } from './weights';

describe('routing weights', () => {
  it('gives a clean miner nearly full weight and a miner with many incidents per executor almost none', () => {
    expect(reliabilityWeight(reliabilityScore(0, 4))).toBeGreaterThan(0.99);
    expect(reliabilityWeight(reliabilityScore(25, 1))).toBeCloseTo(0.5, 5);
    expect(reliabilityWeight(reliabilityScore(1000, 1))).toBe(1e-6);
    expect(reliabilityWeight(reliabilityScore(10, 10))).toBeGreaterThan(reliabilityWeight(reliabilityScore(10, 1)));
  });

  it('shuffles by weight: a heavy item comes first far more often, and every item appears once', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let heavyFirst = 0;
    for (let i = 0; i < 1000; i++) {
      const order = weightedShuffle([{ item: 'light', weight: 0.1 }, { item: 'heavy', weight: 0.9 }, { item: 'mid', weight: 0.5 }], random);
      expect([...order].sort()).toEqual(['heavy', 'light', 'mid']);
      if (order[0] === 'heavy') heavyFirst++;
    }
    expect(heavyFirst).toBeGreaterThan(500);
    expect(heavyFirst).toBeLessThan(750);
  });

  it('takes the first item when random() is 0', () => {
    expect(weightedShuffle([{ item: 'a', weight: 1 }, { item: 'b', weight: 1 }], () => 0)).toEqual(['a', 'b']);
  });
});
