/**
 * Keeps the miners table in step with the metagraph (reference §4.9 `sync_miners`): every tick, the
 * neurons with a served axon (ip not 0.0.0.0 / ::, port not 0) are upserted as active `chain`
 * miners with their coldkey and uid; a chain miner that left the metagraph or lost its axon becomes
 * inactive (routing skips it). Miners of another source (VALIDATOR_MINERS, CLI) are left alone. A
 * failed read keeps the table as it is and logs the typed code; the next tick tries again.
 */
import { HordeError } from '@horde/protocol';
import { periodic } from '@horde/service';
import type { Metagraph, Neuron } from '@horde/chain';
import type { Logger, PeriodicTask } from '@horde/service';
import type { ChainMinerInput, ChainSyncResult, MinersRepo } from '../db/miners';
import type { ValidatorMetrics } from '../observability/metrics';

/** The part of the chain client the sync reads. */
export interface MetagraphReader {
  metagraph(netuid: number): Promise<Metagraph>;
}

export interface MinerSyncOptions {
  readonly chain: MetagraphReader;
  readonly netuid: number;
  readonly miners: MinersRepo;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** Our own hotkey: a validator serving an axon is not a miner to itself. */
  readonly ownHotkey?: string;
  readonly metrics?: ValidatorMetrics;
}

const UNSPECIFIED_IPS = new Set(['0.0.0.0', '::']);

/** True when the neuron announced where it listens. */
export function hasServedAxon(neuron: Neuron): boolean {
  return !UNSPECIFIED_IPS.has(neuron.axon.ip) && neuron.axon.port !== 0;
}

export function chainMiners(metagraph: Metagraph, ownHotkey?: string): ChainMinerInput[] {
  return metagraph.neurons.filter((neuron) => hasServedAxon(neuron) && neuron.hotkey !== ownHotkey).map((neuron) => ({
    hotkey: neuron.hotkey,
    coldkey: neuron.coldkey,
    uid: neuron.uid,
    address: neuron.axon.ip,
    port: neuron.axon.port,
    ipVersion: neuron.axon.ipType === 6 ? 6 : 4,
  }));
}

export class MinerSync {
  private readonly periodic: PeriodicTask;
  private readonly log: Logger;

  constructor(private readonly options: MinerSyncOptions) {
    this.log = options.logger.child({ component: 'miner-sync', netuid: options.netuid });
    this.periodic = periodic('miner-sync', options.intervalMs, async () => {
      await this.syncOnce();
    }, this.log);
  }

  /** One sync; undefined when the chain could not be read (the table is kept). */
  async syncOnce(): Promise<(ChainSyncResult & { block: number; served: number }) | undefined> {
    let metagraph: Metagraph;
    try {
      metagraph = await this.options.chain.metagraph(this.options.netuid);
    } catch (err) {
      const code = err instanceof HordeError ? err.code : 'UNKNOWN';
      this.log.warn({ code, err }, 'metagraph read failed; miners table kept');
      this.options.metrics?.minersSynced(false);
      return undefined;
    }
    const served = chainMiners(metagraph, this.options.ownHotkey);
    const result = await this.options.miners.syncFromChain(served);
    this.options.metrics?.blockSeen(metagraph.block);
    this.options.metrics?.minersSynced(true);
    if (result.upserted > 0 || result.deactivated.length > 0) {
      this.log.info({ block: metagraph.block, served: served.length, upserted: result.upserted, deactivated: result.deactivated }, 'miners synced from the metagraph');
    }
    return { ...result, block: metagraph.block, served: served.length };
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }
}
