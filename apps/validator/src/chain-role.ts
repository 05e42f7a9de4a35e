/**
 * The `chain` role (VALIDATOR_ROLES): with VALIDATOR_CHAIN set, one chain client, the miners sync
 * from the metagraph and the weight-setting task. A role of its own rather than part of `worker`:
 * workers scale out to many processes, while these tasks are needed once per validator (the weight
 * setting is guarded by an advisory lock anyway), and only this process then holds a chain
 * connection. Without VALIDATOR_CHAIN the role does nothing: miners are the static VALIDATOR_MINERS.
 */
import { createChainClient } from '@horde/chain';
import type { Logger, Shutdown } from '@horde/service';
import type { MinersRepo } from './db/miners';
import type { ValidatorEnv } from './env';
import { MinerSync } from './services/miner-sync';

export interface ChainRoleOptions {
  readonly env: ValidatorEnv;
  readonly miners: MinersRepo;
  readonly logger: Logger;
  readonly shutdown: Shutdown;
}

export async function startChainRole(options: ChainRoleOptions): Promise<void> {
  const { env, logger, shutdown } = options;
  if (env.VALIDATOR_CHAIN === undefined) return;
  const chain = await createChainClient({ endpoint: env.VALIDATOR_CHAIN });
  shutdown.onShutdown('chain-client', () => chain.close());
  const sync = new MinerSync({ chain, netuid: env.VALIDATOR_NETUID, miners: options.miners, logger, intervalMs: env.VALIDATOR_MINER_SYNC_S * 1000 });
  sync.start();
  shutdown.onShutdown('miner-sync', () => sync.stop());
  logger.info({ chain: env.VALIDATOR_CHAIN, netuid: env.VALIDATOR_NETUID }, 'miners sync started');
}
