/**
 * The facilitator process: load the environment, open the database (migrating it), apply the
 * validators and whitelist of the environment, start the server, and shut down in reverse order on
 * SIGINT/SIGTERM. Wiring only.
 */
import { ready } from '@horde/hotkey';
import { HordeError } from '@horde/protocol';
import { createLogger, createShutdown } from '@horde/service';
import { buildFacilitatorApp } from './app';
import { openFacilitatorDatabase } from './db/database';
import { ValidatorsRepo } from './db/validators';
import { WhitelistRepo } from './db/whitelist';
import { facilitatorEnv, loadEnv } from './env';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const logger = createLogger({ name: 'facilitator', level: env.LOG_LEVEL, secrets: facilitatorEnv.secrets, pretty: env.LOG_PRETTY });
  const shutdown = createShutdown(logger, { timeoutMs: 15_000, exit: true });
  await ready();

  const database = await openFacilitatorDatabase({ logger, ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.FACILITATOR_PGLITE_DIR }) });
  shutdown.onShutdown('database', () => database.close());
  const validators = new ValidatorsRepo(database.db);
  for (const hotkey of env.FACILITATOR_VALIDATORS) await validators.add(hotkey);
  const whitelist = new WhitelistRepo(database.db);
  for (const hotkey of env.FACILITATOR_WHITELIST) await whitelist.add(hotkey, 'FACILITATOR_WHITELIST');

  const app = buildFacilitatorApp({
    db: database.db,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.FACILITATOR_REDIS_PREFIX,
    secret: env.FACILITATOR_SECRET,
    logger,
    nonceLifetimeS: env.FACILITATOR_NONCE_LIFETIME_S,
    tokenLifetimeS: env.FACILITATOR_JWT_LIFETIME_S,
    rateLimit: { max: env.FACILITATOR_RATE_LIMIT_MAX, windowMs: env.FACILITATOR_RATE_LIMIT_WINDOW_MS },
    bodyLimit: env.FACILITATOR_BODY_LIMIT,
    trustProxy: env.FACILITATOR_TRUST_PROXY,
  });
  shutdown.onShutdown('http', () => app.close());
  const port = await app.listen(env.FACILITATOR_HOST, env.FACILITATOR_PORT);
  logger.info({ host: env.FACILITATOR_HOST, port }, 'facilitator listening');
}

main().catch((err: unknown) => {
  // Start-up failed (bad environment, database or Redis down): one clear line, exit 1.
  const code = err instanceof HordeError ? `${err.code}: ` : '';
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  console.error(`horde-facilitator: cannot start: ${code}${err instanceof Error ? err.message : String(err)}${cause}`);
  process.exit(1);
});
