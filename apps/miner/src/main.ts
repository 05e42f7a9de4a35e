/**
 * The miner process: load the environment, open the database (migrating it), fail what the last
 * run left unfinished, start the executor pool and the server, then the chain work when MINER_CHAIN
 * is set, and shut down in reverse order on SIGINT/SIGTERM. Wiring only; everything else lives in
 * app.ts and the services.
 */
import Dockerode from 'dockerode';
import { loadHotkey, ready } from '@horde/hotkey';
import { HordeError } from '@horde/protocol';
import { createLogger, createShutdown } from '@horde/service';
import { buildMinerApp } from './app';
import { openMinerDatabase } from './db/database';
import { JobsRepo } from './db/jobs';
import { ValidatorsRepo } from './db/validators';
import { connectMinerChain } from './chain/connect';
import { chainConfig, executorManagerConfig, hotkeyLocation, loadEnv, minerEnv } from './env';
import { createExecutorManager, ExecutorPool } from './executor-managers';
import { startChainWork } from './services/chain-work';
import { recoverJobs } from './services/recovery';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const logger = createLogger({ name: 'miner', level: env.LOG_LEVEL, secrets: minerEnv.secrets, pretty: env.LOG_PRETTY });
  const shutdown = createShutdown(logger, { timeoutMs: 15_000, exit: true });

  await ready();
  const hotkey = await loadHotkey(hotkeyLocation(env, process.env.HOME));
  logger.info({ hotkey: hotkey.address }, 'miner starting');

  const database = await openMinerDatabase({ logger, ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.MINER_PGLITE_DIR }) });
  shutdown.onShutdown('database', () => database.close());
  await new ValidatorsRepo(database.db).syncConfig(env.MINER_VALIDATORS);

  const docker = new Dockerode();
  const manager = createExecutorManager(executorManagerConfig(env), { logger, docker, hostEnv: process.env });
  const dockerReachable = await docker.ping().then(
    () => true,
    () => false,
  );
  await recoverJobs({ jobs: new JobsRepo(database.db), manager, logger, ...(dockerReachable ? { docker } : {}) });
  const pool = new ExecutorPool(manager, { logger });
  shutdown.onShutdown('executors', () => pool.close());

  const app = buildMinerApp({
    hotkey,
    db: database.db,
    executors: pool,
    logger,
    startupTimeLimitS: env.MINER_STARTUP_TIME_LIMIT_S,
    authPolicy: { maxAgeS: env.MINER_AUTH_MAX_AGE_S },
    ...(env.MINER_EXECUTOR_ADDRESS ? { executorAddress: env.MINER_EXECUTOR_ADDRESS } : {}),
  });
  const port = await app.listen(env.MINER_HOST, env.MINER_PORT);
  shutdown.onShutdown('http', () => app.close());
  logger.info({ host: env.MINER_HOST, port, executorAddress: app.executorAddress() }, 'miner listening');

  const chain = chainConfig(env);
  if (chain) {
    const work = startChainWork({
      chain: connectMinerChain({ endpoint: chain.endpoint, netuid: chain.netuid, hotkey }),
      config: chain,
      hotkey: hotkey.address,
      validators: new ValidatorsRepo(database.db),
      manifest: () => pool.manifest(),
      listenPort: port,
      logger,
      metrics: app.metrics,
    });
    shutdown.onShutdown('chain', () => work.stop());
    logger.info({ chain: chain.endpoint, netuid: chain.netuid }, 'chain work started');
  }
}

main().catch((err: unknown) => {
  // Start-up failed (bad environment, unreadable hotkey, database down): one clear line, exit 1.
  const code = err instanceof HordeError ? `${err.code}: ` : '';
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  console.error(`horde-miner: cannot start: ${code}${err instanceof Error ? err.message : String(err)}${cause}`);
  process.exit(1);
});
