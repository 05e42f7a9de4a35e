/**
 * Float scores → the u16 weights sent on chain, as bittensor's `convert_weights_and_uids_for_emit`
 * does: divide by the largest weight, scale to 65535, round half to even (Python `round`), and
 * drop uids whose weight rounds to zero. All-zero input yields empty vectors.
 */
import { chainWriteError } from '../extrinsics/errors';

export const U16_MAX = 65535;

export interface EmitWeights {
  readonly uids: number[];
  readonly weights: number[];
}

/** Python 3 `round(x)` for a finite non-negative float: ties go to the even integer. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Normalises `weights` (any non-negative floats) for `uids` into on-chain u16 values. */
export function weightsForEmit(uids: readonly number[], weights: readonly number[]): EmitWeights {
  if (uids.length !== weights.length) throw chainWriteError('WEIGHTS_INPUT_INVALID', `${uids.length} uids but ${weights.length} weights`);
  if (uids.some((u) => !Number.isInteger(u) || u < 0 || u > U16_MAX)) throw chainWriteError('WEIGHTS_INPUT_INVALID', 'uids must be u16 integers');
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw chainWriteError('WEIGHTS_INPUT_INVALID', 'weights must be finite and non-negative');
  const max = weights.reduce((a, b) => Math.max(a, b), 0);
  const out: EmitWeights = { uids: [], weights: [] };
  if (max === 0) return out;
  weights.forEach((w, i) => {
    const value = roundHalfEven((w / max) * U16_MAX);
    if (value !== 0) {
      out.uids.push(uids[i] as number);
      out.weights.push(value);
    }
  });
  return out;
}
