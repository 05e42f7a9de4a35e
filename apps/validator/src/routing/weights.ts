/**
 * Reliability-weighted ordering of candidate miners (the idea of reference §4.3 item 6, in our own
 * code): a miner's score is minus its incidents in the window per executor it offers; its weight is
 * a logistic curve of the score centred at SOFT_CUTOFF / 2, clipped away from 0 and 1; the order is
 * a weighted random shuffle (no replacement).
 */

/** Score at which a miner's weight reaches ~0 (the reference's DYNAMIC_ROUTING_RELIABILITY_SOFT_CUTOFF). */
const SOFT_CUTOFF = -50;
/** Steepness of the curve around the centre (the reference's SEPARATION). */
const SEPARATION = 5;
const CENTER = SOFT_CUTOFF / 2;
const K = SEPARATION / -CENTER;
const CLIP = 1e-6;

export function reliabilityScore(incidents: number, executorCount: number): number {
  return -incidents / Math.max(1, executorCount);
}

export function reliabilityWeight(score: number): number {
  const weight = 1 / (1 + Math.exp(-K * (score - CENTER)));
  return Math.min(1 - CLIP, Math.max(CLIP, weight));
}

/** Items in random order, each next one drawn with probability ∝ its weight. */
export function weightedShuffle<T>(items: ReadonlyArray<{ item: T; weight: number }>, random: () => number): T[] {
  const left = [...items];
  const out: T[] = [];
  while (left.length > 0) {
    const total = left.reduce((sum, entry) => sum + entry.weight, 0);
    let r = random() * total;
    let index = left.findIndex((entry) => (r -= entry.weight) < 0);
    if (index < 0) index = left.length - 1;
    out.push(left.splice(index, 1)[0]!.item);
  }
  return out;
}
