/**
 * The miner's periodic chain work, started with the app and stopped before it: the validator list
 * refresh (and later the axon announcement and the manifest commitment). Stopping waits for the
 * runs in flight, then closes the chain connection.
 */
import type { Logger } from '@horde/service';
import type { MinerChain } from '../chain/miner-chain';
import type { ValidatorsRepo } from '../db/validators';
import type { MinerChainConfig } from '../env';
import { periodic } from './periodic';
import type { PeriodicTask } from './periodic';
import { refreshValidators } from './validator-sync';

export interface ChainWorkDeps {
  readonly chain: MinerChain;
  readonly config: MinerChainConfig;
  readonly validators: ValidatorsRepo;
  readonly logger: Logger;
}

export interface ChainWork {
  /** The validator list refresh (runs at start, then every MINER_VALIDATORS_REFRESH_S). */
  readonly validatorSync: PeriodicTask;
  /** Stops every task, then closes the chain connection. */
  stop(): Promise<void>;
}

export function startChainWork(deps: ChainWorkDeps): ChainWork {
  const { chain, config } = deps;
  const log = deps.logger.child({ component: 'chain', netuid: config.netuid });
  const validatorSync = periodic(
    'validator-sync',
    config.validatorsRefreshMs,
    async () => {
      await refreshValidators({ chain, validators: deps.validators, minStake: config.validatorMinStake, logger: log.child({ task: 'validator-sync' }) });
    },
    log,
  );
  const tasks = [validatorSync];
  for (const task of tasks) task.start();
  return {
    validatorSync,
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
      await chain.close();
    },
  };
}
