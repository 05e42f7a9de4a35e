/** What `/version` of the facilitator says: its package.json and the X-Horde-Features it speaks. */
import type { HordeFeature } from '@horde/protocol';
import type { VersionOptions } from '@horde/service';

/** The facilitator sends HordeJobCancelRequest to validators announcing `cancel`. */
const FEATURES: readonly HordeFeature[] = ['cancel'];

export const FACILITATOR_VERSION: VersionOptions = { packageJson: new URL('../../package.json', import.meta.url), features: FEATURES };
