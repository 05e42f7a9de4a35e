/**
 * The weight-setting windows of a subnet: by default derived from its tempo, as ComputeHorde's
 * constants are on finney (tempo 360 → interval 722, commit offset 361, margin 15): the interval is
 * two epochs, the commit window opens after the first, and the margin is 15 blocks, capped to a
 * quarter of an epoch for small tempos (tempo 10 → 22 / 11 / 2). Each value can be overridden.
 */
import type { CommitRevealWindowConfig } from '@horde/chain';

export interface WindowOverrides {
  readonly length?: number | undefined;
  readonly commitStartOffset?: number | undefined;
  readonly endMargin?: number | undefined;
}

export const DEFAULT_END_MARGIN = 15;

export function weightWindows(tempo: number, overrides: WindowOverrides = {}): CommitRevealWindowConfig {
  const epoch = tempo + 1;
  return {
    length: overrides.length ?? 2 * epoch,
    commitStartOffset: overrides.commitStartOffset ?? epoch,
    endMargin: overrides.endMargin ?? Math.min(DEFAULT_END_MARGIN, Math.max(1, Math.floor(epoch / 4))),
  };
}
