import { describe, expect, it } from 'vitest';
import { roundHalfEven, weightsForEmit } from './normalize';

describe('weightsForEmit (bittensor convert_weights_and_uids_for_emit)', () => {
  it('scales so the largest weight is 65535 and the rest proportional', () => {
    // 0.5 / 1 * 65535 = 32767.5 -> ties to even 32768; 0.25 * 65535 = 16383.75 -> 16384.
    expect(weightsForEmit([3, 7, 9], [1, 0.5, 0.25])).toEqual({ uids: [3, 7, 9], weights: [65535, 32768, 16384] });
    expect(weightsForEmit([0, 1], [2, 6])).toEqual({ uids: [0, 1], weights: [21845, 65535] });
  });

  it('drops uids whose weight rounds to zero, and returns nothing for all zeros', () => {
    // 1e-6 * 65535 = 0.065 -> 0, dropped; 7.6e-6 * 65535 = 0.498 -> 0, dropped; 8e-6 -> 0.524 -> 1.
    expect(weightsForEmit([1, 2, 3, 4], [1, 1e-6, 7.6e-6, 8e-6])).toEqual({ uids: [1, 4], weights: [65535, 1] });
    expect(weightsForEmit([1, 2], [0, 0])).toEqual({ uids: [], weights: [] });
    expect(weightsForEmit([], [])).toEqual({ uids: [], weights: [] });
  });

  it('rejects negative, non-finite or mismatched input', () => {
    expect(() => weightsForEmit([1], [-1])).toThrow(expect.objectContaining({ code: 'WEIGHTS_INPUT_INVALID' }));
    expect(() => weightsForEmit([1], [Number.NaN])).toThrow(expect.objectContaining({ code: 'WEIGHTS_INPUT_INVALID' }));
    expect(() => weightsForEmit([1, 2], [1])).toThrow(expect.objectContaining({ code: 'WEIGHTS_INPUT_INVALID' }));
    expect(() => weightsForEmit([70000], [1])).toThrow(expect.objectContaining({ code: 'WEIGHTS_INPUT_INVALID' }));
  });

  it('rounds like Python 3 round(): ties to even', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });
});
