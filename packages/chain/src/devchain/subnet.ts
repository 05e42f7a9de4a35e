/** The subnet a devchain serves, as a small JSON description (snake_case keys, stakes in TAO). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const U16 = z.number().int().min(0).max(0xffff);
const Blocks = z.number().int().min(0);

export const AxonDescription = z.object({
  ip: z.string(),
  port: U16,
  protocol: z.number().int().min(0).max(255).default(4),
  version: z.number().int().min(0).default(0),
  /** Block of the announcement; 0 (the default) reads as "served at genesis". */
  block: Blocks.default(0),
});

export const NeuronDescription = z.object({
  hotkey: z.string(),
  coldkey: z.string(),
  /** In TAO; kept to rao precision. */
  stake: z.number().min(0).default(0),
  validator_permit: z.boolean().default(false),
  active: z.boolean().default(true),
  axon: AxonDescription.optional(),
  /** Block of the neuron's last weights (or commit); 0: never. */
  last_update: Blocks.default(0),
});

/** Named as the SelectiveMetagraph fields of the runtime, so they map one to one. */
export const HyperparametersDescription = z.object({
  commit_reveal_weights_enabled: z.boolean().default(true),
  commit_reveal_period: Blocks.default(1),
  weights_rate_limit: Blocks.default(100),
  weights_version: Blocks.default(0),
  min_allowed_weights: U16.default(1),
  max_weights_limit: U16.default(0xffff),
  serving_rate_limit: Blocks.default(50),
  activity_cutoff: U16.default(5000),
  immunity_period: U16.default(4096),
  max_validators: U16.default(64),
  max_uids: U16.default(256),
});

export const SubnetDescription = z.object({
  netuid: U16,
  tempo: U16.default(360),
  neurons: z.array(NeuronDescription),
  hyperparameters: HyperparametersDescription.default(HyperparametersDescription.parse({})),
  /** `SubtensorModule.CommitRevealWeightsVersion`, which timelocked commits must carry (4 on finney). */
  commit_reveal_version: U16.default(4),
});

export type SubnetDescription = z.infer<typeof SubnetDescription>;
export type SubnetInput = z.input<typeof SubnetDescription>;

/** Reads and validates a subnet description file (JSON). */
export function loadSubnet(file: string): SubnetDescription {
  return SubnetDescription.parse(JSON.parse(readFileSync(file, 'utf8')));
}
