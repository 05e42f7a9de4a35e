/**
 * Pre-flight of subtensor's weight rules that need no chain state beyond the hyperparameters
 * (subnets/weights.rs `internal_set_weights`/`do_reveal_weights`), so a validator learns about a
 * bad vector before paying a rate-limit slot. The answer uses the chain's own error names, which
 * `txErrorCode` maps to TX_WEIGHTS_INVALID.
 */

export interface WeightRulesInput {
  readonly uids: readonly number[];
  /** u16 values as they will be sent. */
  readonly weights: readonly number[];
  /** Number of uids on the subnet (`SubnetworkN`). */
  readonly subnetSize: number;
  /** `MinAllowedWeights` hyperparameter. */
  readonly minAllowedWeights: number;
  /** `MaxWeightsLimit` hyperparameter (65535: no limit). Unchecked when absent. */
  readonly maxWeightsLimit?: number;
  /** The sender's own uid: a single weight on itself is exempt from the length and max rules. */
  readonly selfUid?: number;
}

export type WeightRuleViolation =
  | 'WeightVecNotEqualSize'
  | 'UidsLengthExceedUidsInSubNet'
  | 'DuplicateUids'
  | 'UidVecContainInvalidOne'
  | 'WeightVecLengthIsLow'
  | 'MaxWeightExceeded';

const U16_MAX = 65535;

/**
 * The largest weight's share of the sum must not pass `limit / 65535` (`check_vec_max_limited`;
 * the chain computes in I32F32 fixed point, so a share within ~1e-9 of the limit may differ).
 */
function maxLimited(weights: readonly number[], limit: number): boolean {
  if (limit === U16_MAX || weights.length === 0) return true;
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return true;
  return Math.max(...weights) / sum <= limit / U16_MAX;
}

/** The first rule broken, in the chain's order, or null. Stake, permit and version need chain state. */
export function weightRuleViolation(input: WeightRulesInput): WeightRuleViolation | null {
  const { uids, weights, subnetSize, minAllowedWeights, maxWeightsLimit, selfUid } = input;
  if (uids.length !== weights.length) return 'WeightVecNotEqualSize';
  if (uids.length > subnetSize) return 'UidsLengthExceedUidsInSubNet';
  if (new Set(uids).size !== uids.length) return 'DuplicateUids';
  if (uids.some((uid) => uid >= subnetSize)) return 'UidVecContainInvalidOne';
  const selfWeight = selfUid !== undefined && uids.length === 1 && uids[0] === selfUid;
  if (!selfWeight && uids.length < Math.min(minAllowedWeights, subnetSize)) return 'WeightVecLengthIsLow';
  if (!selfWeight && maxWeightsLimit !== undefined && !maxLimited(weights, maxWeightsLimit)) return 'MaxWeightExceeded';
  return null;
}
