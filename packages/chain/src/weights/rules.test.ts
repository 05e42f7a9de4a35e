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
