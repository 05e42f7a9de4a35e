/** What `/version` of the validator says: its package.json and the X-Horde-Features it speaks. */
import type { HordeFeature } from '@horde/protocol';
import type { VersionOptions } from '@horde/service';

/** The validator announces `cancel` to the facilitator. */
const FEATURES: readonly HordeFeature[] = ['cancel'];

export const VALIDATOR_VERSION: VersionOptions = { packageJson: new URL('../../package.json', import.meta.url), features: FEATURES };
