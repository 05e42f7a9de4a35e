import { describe, expect, it } from 'vitest';
import { weightRuleViolation } from './rules';

const base = { subnetSize: 10, minAllowedWeights: 3 };

describe('weightRuleViolation', () => {
  it('passes a valid vector', () => {
    expect(weightRuleViolation({ ...base, uids: [0, 4, 9], weights: [1, 2, 3] })).toBeNull();
  });

  it('reports each rule with the chain error name, in the chain order', () => {
    expect(weightRuleViolation({ ...base, uids: [0, 1], weights: [1] })).toBe('WeightVecNotEqualSize');
    expect(weightRuleViolation({ ...base, subnetSize: 2, uids: [0, 1, 2], weights: [1, 1, 1] })).toBe('UidsLengthExceedUidsInSubNet');
    expect(weightRuleViolation({ ...base, uids: [1, 1, 2], weights: [1, 1, 1] })).toBe('DuplicateUids');
    expect(weightRuleViolation({ ...base, uids: [1, 2, 10], weights: [1, 1, 1] })).toBe('UidVecContainInvalidOne');
    expect(weightRuleViolation({ ...base, uids: [1, 2], weights: [1, 1] })).toBe('WeightVecLengthIsLow');
  });

  it('caps the minimum length at the subnet size', () => {
    expect(weightRuleViolation({ subnetSize: 2, minAllowedWeights: 8, uids: [0, 1], weights: [1, 1] })).toBeNull();
  });
});

describe('weightRuleViolation: max weight limit and self weight', () => {
  it('bounds the largest share of the sum by MaxWeightsLimit / 65535', () => {
    const input = { subnetSize: 10, minAllowedWeights: 1, uids: [0, 1, 2, 3], weights: [65535, 65535, 65535, 65535] };
    // Each share is 1/4 = 16383.75 / 65535.
    expect(weightRuleViolation({ ...input, maxWeightsLimit: 16384 })).toBeNull();
    expect(weightRuleViolation({ ...input, maxWeightsLimit: 16383 })).toBe('MaxWeightExceeded');
    expect(weightRuleViolation({ ...input, weights: [65535, 1, 1, 1], maxWeightsLimit: 60000 })).toBe('MaxWeightExceeded');
    expect(weightRuleViolation({ ...input, weights: [65535, 1, 1, 1], maxWeightsLimit: 65535 })).toBeNull();
  });

  it('exempts a single weight on the sender itself', () => {
    const input = { subnetSize: 10, minAllowedWeights: 5, uids: [4], weights: [65535], maxWeightsLimit: 1000 };
    expect(weightRuleViolation({ ...input, selfUid: 4 })).toBeNull();
    expect(weightRuleViolation({ ...input, selfUid: 3 })).toBe('WeightVecLengthIsLow');
    expect(weightRuleViolation({ ...input, minAllowedWeights: 1, selfUid: 3 })).toBe('MaxWeightExceeded');
  });
});
