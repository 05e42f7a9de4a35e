/**
 * The miner's periodic chain work, started with the app and stopped before it: the validator list
 * refresh, the axon announcement (unless MINER_ANNOUNCE=false) and the manifest commitment.
 * Stopping waits a little for the runs in flight, then closes the chain connection.
 */
import type { Logger } from '@horde/service';
import type { MinerChain } from '../chain/miner-chain';
import { minerPackageVersion, versionAsInt } from '../chain/version';
import type { ValidatorsRepo } from '../db/validators';
import type { MinerChainConfig } from '../env';
import type { MinerMetrics } from '../observability/metrics';
import { announceAxon } from './axon-announcer';
import { commitManifest } from './manifest-commitment';
import { periodic } from '@horde/service';
import type { PeriodicTask } from '@horde/service';
import { refreshValidators } from './validator-sync';

/** bittensor axons announce protocol 4. */
const AXON_PROTOCOL = 4;

export interface ChainWorkDeps {
  readonly chain: MinerChain;
  readonly config: MinerChainConfig;
  /** The miner's hotkey (ss58). */
  readonly hotkey: string;
  readonly validators: ValidatorsRepo;
  /** The executor pool's manifest, for the commitment. */
  readonly manifest: () => Promise<Record<string, number>>;
  /** The port the miner listens on: announced when MINER_ANNOUNCE_PORT is unset. */
  readonly listenPort: number;
  /** Expected time between blocks (12 s): how long a serving rate limit of n blocks lasts. */
  readonly blockTimeMs?: number;
  readonly logger: Logger;
  /** Counts announcement and commitment outcomes. */
  readonly metrics?: MinerMetrics;
}

export interface ChainWork {
  /** The validator list refresh (runs at start, then every MINER_VALIDATORS_REFRESH_S). */
  readonly validatorSync: PeriodicTask;
  /** The axon announcement; undefined when MINER_ANNOUNCE=false. */
  readonly announcer: PeriodicTask | undefined;
  /** The manifest commitment. */
  readonly manifestCommitment: PeriodicTask;
  /**
   * Stops every task and waits up to `graceMs` (5 s) for the runs in flight (a write waiting for
   * its block can take a minute), then closes the chain connection, which ends them.
   */
  stop(graceMs?: number): Promise<void>;
}

export function startChainWork(deps: ChainWorkDeps): ChainWork {
  const { chain, config, hotkey } = deps;
  const log = deps.logger.child({ component: 'chain', netuid: config.netuid });

  const validatorSync = periodic(
    'validator-sync',
    config.validatorsRefreshMs,
    async () => {
      await refreshValidators({ chain, validators: deps.validators, minStake: config.validatorMinStake, logger: log.child({ task: 'validator-sync' }) });
    },
    log,
  );

  const announce = config.announce;
  const axon = announce && { ip: announce.ip, port: announce.port ?? deps.listenPort, protocol: AXON_PROTOCOL, version: versionAsInt(minerPackageVersion()) };
  const announcer =
    announce && axon
      ? periodic(
          'axon-announcer',
          announce.intervalMs,
          async () => {
            const { result, retryInMs } = await announceAxon({ chain, hotkey, axon, blockTimeMs: deps.blockTimeMs ?? 12_000, logger: log.child({ task: 'axon-announcer' }) });
            deps.metrics?.axonAnnounced(result);
            return retryInMs === undefined ? undefined : { retryInMs };
          },
          log,
        )
      : undefined;

  const manifestCommitment = periodic(
    'manifest-commitment',
    config.manifestCommitIntervalMs,
    async () => {
      const { result } = await commitManifest({ chain, hotkey, manifest: deps.manifest, logger: log.child({ task: 'manifest-commitment' }) });
      deps.metrics?.manifestCommitted(result);
    },
    log,
  );

  const tasks = [validatorSync, ...(announcer ? [announcer] : []), manifestCommitment];
  for (const task of tasks) task.start();
  return {
    validatorSync,
    announcer,
    manifestCommitment,
    async stop(graceMs = 5_000) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      const stopped = Promise.all(tasks.map((task) => task.stop())).then(() => true);
      if (!(await Promise.race([stopped, grace.then(() => false)]))) log.warn({ graceMs }, 'chain work still running at stop; closing the chain connection under it');
      clearTimeout(timer);
      await chain.close();
    },
  };
}
