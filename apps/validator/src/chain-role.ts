/**
 * The `chain` role (VALIDATOR_ROLES): with VALIDATOR_CHAIN set, one chain client, the miners sync
 * from the metagraph and (VALIDATOR_WEIGHTS, on by default) the weight-setting task. A role of its
 * own rather than part of `worker`: workers scale out to many processes, while these tasks are
 * needed once per validator (the weight setting is also guarded by an advisory lock), and only this
 * process then holds a chain connection. Without VALIDATOR_CHAIN the role does nothing: miners are
 * the static VALIDATOR_MINERS.
 */
import { createChainClient } from '@horde/chain';
import type { Hotkey } from '@horde/hotkey';
import type { Logger, Shutdown } from '@horde/service';
import type { ValidatorDb } from './db/database';
import type { MinersRepo } from './db/miners';
import type { ReceiptsRepo } from './db/receipts';
import { WeightsRepo } from './db/weights';
import type { ValidatorEnv } from './env';
import { MinerSync } from './services/miner-sync';
import { ReceiptScoreSource } from './services/weights/score-source';
import { beaconTimelock } from './services/weights/timelock';
import { WeightSetter } from './services/weights/weight-setter';

export interface ChainRoleOptions {
  readonly env: ValidatorEnv;
  readonly key: Hotkey;
  readonly db: ValidatorDb;
  readonly miners: MinersRepo;
  readonly receipts: ReceiptsRepo;
  readonly logger: Logger;
  readonly shutdown: Shutdown;
}

export async function startChainRole(options: ChainRoleOptions): Promise<void> {
  const { env, key, logger, shutdown } = options;
  if (env.VALIDATOR_CHAIN === undefined) return;
  const netuid = env.VALIDATOR_NETUID;
  const chain = await createChainClient({ endpoint: env.VALIDATOR_CHAIN });
  shutdown.onShutdown('chain-client', () => chain.close());

  const sync = new MinerSync({ chain, netuid, miners: options.miners, logger, intervalMs: env.VALIDATOR_MINER_SYNC_S * 1000 });
  sync.start();
  shutdown.onShutdown('miner-sync', () => sync.stop());
  logger.info({ chain: env.VALIDATOR_CHAIN, netuid }, 'miners sync started');

  if (env.VALIDATOR_WEIGHTS === false) return;
  const blockTimeSeconds = env.VALIDATOR_CHAIN_BLOCK_TIME_S;
  const setter = new WeightSetter({
    db: options.db,
    chain,
    writer: chain.writer(key.pair),
    hotkeyPublicKey: key.publicKey,
    weights: new WeightsRepo(options.db),
    scores: new ReceiptScoreSource(options.receipts, blockTimeSeconds * 1000),
    netuid,
    windows: { length: env.VALIDATOR_WEIGHTS_INTERVAL, commitStartOffset: env.VALIDATOR_WEIGHTS_COMMIT_OFFSET, endMargin: env.VALIDATOR_WEIGHTS_MARGIN },
    mode: env.VALIDATOR_COMMIT_REVEAL_MODE,
    timelock: beaconTimelock(() => chain.drandBeacon(), { blockTimeSeconds }),
    tickMs: (env.VALIDATOR_WEIGHTS_TICK_S ?? blockTimeSeconds) * 1000,
    logger,
  });
  setter.start();
  shutdown.onShutdown('weight-setting', () => setter.stop());
  logger.info({ mode: env.VALIDATOR_COMMIT_REVEAL_MODE, tickS: env.VALIDATOR_WEIGHTS_TICK_S ?? blockTimeSeconds }, 'weight setting started');
}
