/**
 * Scores per hotkey → the u16 vector sent on chain: hotkeys are mapped to uids through the
 * metagraph (miners not registered are dropped), values normalised as bittensor does
 * (`weightsForEmit`), then checked against the subnet's rules before any transaction is paid for.
 */
import { weightRuleViolation, weightsForEmit } from '@horde/chain';
import type { Hyperparameters, Metagraph, WeightRuleViolation } from '@horde/chain';

export type WeightVector =
  | { readonly ok: true; readonly uids: number[]; readonly weights: number[] }
  | { readonly ok: false; readonly reason: 'NO_SCORES' | WeightRuleViolation; readonly uids: number[]; readonly weights: number[] };

export function weightVector(scores: ReadonlyMap<string, number>, metagraph: Metagraph, params: Hyperparameters, selfHotkey: string): WeightVector {
  const uidOf = new Map(metagraph.neurons.map((neuron) => [neuron.hotkey, neuron.uid]));
  const scored = [...scores]
    .filter(([hotkey, score]) => uidOf.has(hotkey) && Number.isFinite(score) && score > 0)
    .map(([hotkey, score]) => ({ uid: uidOf.get(hotkey)!, score }))
    .sort((a, b) => a.uid - b.uid);
  const { uids, weights } = weightsForEmit(
    scored.map((entry) => entry.uid),
    scored.map((entry) => entry.score),
  );
  if (uids.length === 0) return { ok: false, reason: 'NO_SCORES', uids, weights };
  const selfUid = uidOf.get(selfHotkey);
  const violation = weightRuleViolation({
    uids,
    weights,
    subnetSize: metagraph.neurons.length,
    minAllowedWeights: params.minAllowedWeights,
    maxWeightsLimit: params.maxWeightsLimit,
    ...(selfUid === undefined ? {} : { selfUid }),
  });
  return violation === null ? { ok: true, uids, weights } : { ok: false, reason: violation, uids, weights };
}
