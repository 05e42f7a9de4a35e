/**
 * What the miner needs from the chain, for one subnet: the validator list, the metagraph (its own
 * neuron and axon), the serving rate limit, its knowledge commitment, and two writes (axon,
 * commitment). The services depend on this interface only; `connectMinerChain` builds it on
 * @horde/chain.
 */
import type { Hyperparameters, Metagraph, Neuron } from '@horde/chain';

/** The axon a miner announces (`serve_axon`); the netuid is the chain's. */
export interface AxonAnnouncement {
  readonly ip: string;
  readonly port: number;
  readonly protocol: number;
  readonly version: number;
}

/** Where a write landed. */
export interface Landed {
  readonly blockNumber: number;
}

export interface MinerChain {
  readonly netuid: number;
  /** Neurons with a validator permit and at least `minStake` TAO, highest stake first. */
  validators(minStake: number): Promise<readonly Neuron[]>;
  metagraph(): Promise<Metagraph>;
  hyperparameters(): Promise<Hyperparameters>;
  /** The raw bytes of `hotkey`'s commitment on this subnet; null when it has none. */
  commitment(hotkey: string): Promise<Uint8Array | null>;
  /** Signs with the miner's hotkey. */
  serveAxon(axon: AxonAnnouncement): Promise<Landed>;
  /** Signs with the miner's hotkey. */
  setCommitment(data: Uint8Array): Promise<Landed>;
  close(): Promise<void>;
}
