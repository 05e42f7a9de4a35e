/**
 * Pre-flight of subtensor's weight rules that need no chain state beyond the hyperparameters
 * (subnets/weights.rs `internal_set_weights`/`do_reveal_weights`), so a validator learns about a
 * bad vector before paying a rate-limit slot. The answer uses the chain's own error names, which
 * `txErrorCode` maps to TX_WEIGHTS_INVALID.
 */

export interface WeightRulesInput {
  readonly uids: readonly number[];
  readonly weights: readonly number[];
  /** Number of uids on the subnet (`SubnetworkN`). */
  readonly subnetSize: number;
  /** `MinAllowedWeights` hyperparameter. */
  readonly minAllowedWeights: number;
}

export type WeightRuleViolation = 'WeightVecNotEqualSize' | 'UidsLengthExceedUidsInSubNet' | 'DuplicateUids' | 'UidVecContainInvalidOne' | 'WeightVecLengthIsLow';

/**
 * The first rule broken, in the chain's order, or null. Not checked: the self-weight exception to
 * the minimum length, stake, permit and version (chain state), and `MaxWeightsLimit`.
 */
export function weightRuleViolation(input: WeightRulesInput): WeightRuleViolation | null {
  const { uids, weights, subnetSize, minAllowedWeights } = input;
  if (uids.length !== weights.length) return 'WeightVecNotEqualSize';
  if (uids.length > subnetSize) return 'UidsLengthExceedUidsInSubNet';
  if (new Set(uids).size !== uids.length) return 'DuplicateUids';
  if (uids.some((uid) => uid >= subnetSize)) return 'UidVecContainInvalidOne';
  if (uids.length < Math.min(minAllowedWeights, subnetSize)) return 'WeightVecLengthIsLow';
  return null;
}
