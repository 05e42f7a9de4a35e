/** What `/version` of the miner says: its package.json and the X-Horde-Features it speaks. */
import type { HordeFeature } from '@horde/protocol';
import type { VersionOptions } from '@horde/service';

/** The miner advertises Horde's own hardware classes to validators announcing `executor-classes`. */
const FEATURES: readonly HordeFeature[] = ['executor-classes'];

export const MINER_VERSION: VersionOptions = { packageJson: new URL('../../package.json', import.meta.url), features: FEATURES };
