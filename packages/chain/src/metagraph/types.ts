/** Our own plain view of a subnet's neurons and hyperparameters, independent of polkadot-js. */

/** Where a neuron listens, as announced by `serve_axon`. */
export interface Axon {
  /** Dotted IPv4 or compressed IPv6 (as Python's `ipaddress` prints it); '0.0.0.0' when never served. */
  ip: string;
  ipType: number;
  port: number;
  protocol: number;
  version: number;
  /** Block of the last `serve_axon`. */
  block: number;
}

export interface Neuron {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Stake weight in rao (1e-9): total stake from the mechagraph, or the sum of the stake list from neurons-lite. */
  stakeRao: bigint;
  /** The same stake as a float, in TAO units. */
  stake: number;
  validatorPermit: boolean;
  active: boolean;
  axon: Axon;
  /** Block of the neuron's last weight setting (0 = never). */
  lastUpdate: number;
}

/** Subnet parameters the validator and miner need, as the selective mechagraph reports them. */
export interface Hyperparameters {
  netuid: number;
  /** Block they were read at. */
  block: number;
  tempo: number;
  commitRevealEnabled: boolean;
  /** Reveal period in epochs (`commit_reveal_period`). */
  commitRevealPeriod: number;
  weightsRateLimit: number;
  weightsVersion: bigint;
  minAllowedWeights: number;
  maxWeightsLimit: number;
  servingRateLimit: number;
  activityCutoff: number;
  immunityPeriod: number;
  maxValidators: number;
  maxUids: number;
}

export interface Metagraph {
  netuid: number;
  /** Block the metagraph was read at. */
  block: number;
  neurons: Neuron[];
  /** Which runtime API produced it. */
  source: 'selective-mechagraph' | 'neurons-lite';
}

/** rao per TAO. */
export const RAO_PER_TAO = 1_000_000_000n;

export function raoToTao(rao: bigint): number {
  return Number(rao / RAO_PER_TAO) + Number(rao % RAO_PER_TAO) / 1e9;
}
