/**
 * The validator process: load the environment, open the database (migrating it), add the configured
 * miners, and run the roles of VALIDATOR_ROLES (all by default): the organic-jobs worker (which
 * first fails jobs a dead validator left in flight), the admin API, the facilitator client when
 * VALIDATOR_FACILITATOR_URL is set, and the chain tasks when VALIDATOR_CHAIN is set. Shuts down in reverse order on SIGINT/SIGTERM. Wiring only.
 */
import { loadHotkey, ready } from '@horde/hotkey';
import { HordeError } from '@horde/protocol';
import { createLogger, createShutdown, versionBody } from '@horde/service';
import { buildValidatorApp } from './app';
import { startChainRole } from './chain-role';
import { openValidatorDatabase } from './db/database';
import { hotkeyLocation, loadEnv, parseMinerSpec, validatorEnv } from './env';
import { FacilitatorClient } from './facilitator-client';
import { VALIDATOR_VERSION } from './observability/version';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const { version } = versionBody(VALIDATOR_VERSION);
  const logger = createLogger({ name: 'validator', level: env.LOG_LEVEL, secrets: validatorEnv.secrets, pretty: env.LOG_PRETTY });
  const shutdown = createShutdown(logger, { timeoutMs: 30_000, exit: true });

  await ready();
  const key = await loadHotkey(hotkeyLocation(env, process.env.HOME));
  logger.info({ hotkey: key.address, roles: env.VALIDATOR_ROLES }, 'validator starting');

  const database = await openValidatorDatabase({ logger, ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.VALIDATOR_PGLITE_DIR }) });
  shutdown.onShutdown('database', () => database.close());

  const redisUrl = new URL(env.REDIS_URL);
  const redis = {
    host: redisUrl.hostname,
    port: Number(redisUrl.port || 6379),
    ...(redisUrl.username ? { username: decodeURIComponent(redisUrl.username) } : {}),
    ...(redisUrl.password ? { password: decodeURIComponent(redisUrl.password) } : {}),
    db: Number(redisUrl.pathname.slice(1) || 0),
  };
  const app = buildValidatorApp({
    key,
    db: database.db,
    logger,
    redis,
    channelPrefix: env.VALIDATOR_REDIS_PREFIX,
    queue: { connection: { ...redis, maxRetriesPerRequest: null }, prefix: `${env.VALIDATOR_REDIS_PREFIX}:bull` },
    limits: { reservationS: env.VALIDATOR_RESERVATION_S, executorStartupS: env.VALIDATOR_EXECUTOR_STARTUP_S, leewayS: env.VALIDATOR_LEEWAY_S },
    maxAttempts: env.VALIDATOR_MAX_ATTEMPTS,
    blacklistMs: env.VALIDATOR_BLACKLIST_S * 1000,
    manifestMaxAgeMs: env.VALIDATOR_MANIFEST_MAX_AGE_S * 1000,
    concurrency: env.VALIDATOR_CONCURRENCY,
    lockDurationMs: env.VALIDATOR_QUEUE_LOCK_MS,
    stalledIntervalMs: env.VALIDATOR_QUEUE_STALLED_MS,
  });
  shutdown.onShutdown('app', () => app.close());
  for (const spec of env.VALIDATOR_MINERS) await app.miners.upsert({ ...parseMinerSpec(spec), source: 'config' });

  if (env.VALIDATOR_ROLES.includes('facilitator') && env.VALIDATOR_FACILITATOR_URL) {
    const client = new FacilitatorClient({
      url: env.VALIDATOR_FACILITATOR_URL,
      hotkey: key,
      validatorVersion: version,
      runnerVersion: version,
      submitter: app.organicJobs,
      signers: app.whitelist,
      statuses: app.bus,
      logger,
      metrics: app.metrics,
    });
    app.metrics.watchFacilitator(() => client.state.connected);
    // Facilitator jobs a previous run left unfinished: the worker's recovery below fails them, and
    // their submitters must hear it.
    await client.adopt((await app.jobs.unfinished()).filter((job) => job.source === 'facilitator').map((job) => job.jobUuid));
    client.start();
    shutdown.onShutdown('facilitator-client', () => client.stop());
    logger.info({ url: new URL(env.VALIDATOR_FACILITATOR_URL).origin }, 'facilitator client started');
  }
  if (env.VALIDATOR_ROLES.includes('chain')) startChainRole({ env, key, db: database.db, miners: app.miners, receipts: app.receipts, logger, shutdown, metrics: app.metrics });
  if (env.VALIDATOR_ROLES.includes('worker')) {
    await app.startWorker();
    logger.info({ concurrency: env.VALIDATOR_CONCURRENCY }, 'organic-jobs worker started');
  }
  if (env.VALIDATOR_ROLES.includes('admin') && !env.VALIDATOR_ADMIN_DISABLED && env.VALIDATOR_ADMIN_TOKEN) {
    const admin = app.adminServer(env.VALIDATOR_ADMIN_TOKEN);
    const port = await admin.listen(env.VALIDATOR_ADMIN_HOST, env.VALIDATOR_ADMIN_PORT);
    shutdown.onShutdown('admin', () => admin.close());
    logger.info({ host: env.VALIDATOR_ADMIN_HOST, port }, 'admin API listening');
  } else if (env.VALIDATOR_METRICS_PORT !== undefined) {
    // No admin API here: this process's metrics (jobs run by its worker, its chain role) would be
    // scraped nowhere without its own endpoint.
    const ops = app.opsServer();
    const port = await ops.listen(env.VALIDATOR_METRICS_HOST, env.VALIDATOR_METRICS_PORT);
    shutdown.onShutdown('ops', () => ops.close());
    logger.info({ host: env.VALIDATOR_METRICS_HOST, port }, 'metrics endpoint listening');
  }
}

main().catch((err: unknown) => {
  // Start-up failed (bad environment, unreadable hotkey, database down): one clear line, exit 1.
  const code = err instanceof HordeError ? `${err.code}: ` : '';
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  console.error(`horde-validator: cannot start: ${code}${err instanceof Error ? err.message : String(err)}${cause}`);
  process.exit(1);
});
