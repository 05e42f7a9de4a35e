/**
 * A validator for tests: its own PostgreSQL database (cloned from a migrated template), its own
 * Redis key space and BullMQ prefix, the worker running, and the admin API on 127.0.0.1:0.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_WALLETS, createTemplate, createTestDatabase, isolatedRedis } from '@horde/testkit';
import type { IsolatedRedis, TestDatabase } from '@horde/testkit';
import type { V0JobStatusUpdate } from '@horde/protocol';
import { createLogger } from '@horde/service';
import { buildValidatorApp } from '../app';
import type { ValidatorApp, ValidatorAppOptions } from '../app';
import { MIGRATIONS_FOLDER, openValidatorDatabase } from '../db/database';
import type { ValidatorDatabaseHandle } from '../db/database';

export const logger = createLogger({ name: 'validator-test', level: process.env.VALIDATOR_TEST_LOG === 'debug' ? 'debug' : 'silent' });

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

const templateName = `horde_validator_${createHash('sha256').update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'))).digest('hex').slice(0, 12)}`;

/** The migrated template every test database is cloned from (built once per schema version). */
export function validatorTemplate(): Promise<string> {
  return createTemplate(templateName, async (url) => {
    const handle = await openValidatorDatabase({ url, logger });
    await handle.close();
  });
}

/** VALIDATOR_REDIS_PREFIX of a validator living in `redis`'s key space. */
export function redisPrefix(redis: IsolatedRedis): string {
  return redis.prefix.replace(/:$/, '');
}

export interface TestValidator {
  readonly app: ValidatorApp;
  readonly database: TestDatabase;
  readonly handle: ValidatorDatabaseHandle;
  readonly redis: IsolatedRedis;
  /** Base URL of the admin API. */
  readonly url: string;
  /** fetch against the admin API with the bearer token. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answer bodies freely
  api(path: string, init?: { method?: string; body?: unknown; token?: string | null }): Promise<{ status: number; body: any }>;
  /** Every status published for `jobUuid`, as it arrives; subscribe before submitting. */
  watch(jobUuid: string): Promise<{ statuses: V0JobStatusUpdate[]; ended: Promise<V0JobStatusUpdate> }>;
  close(): Promise<void>;
}

const TERMINAL = new Set(['completed', 'failed', 'horde_failed', 'rejected', 'cancelled']);

export type TestValidatorOptions = Partial<Omit<ValidatorAppOptions, 'db' | 'logger' | 'redis' | 'queue' | 'channelPrefix' | 'key'>> & {
  /** Reuse this database and Redis (a validator "restarted") instead of fresh ones. */
  readonly reuse?: { database: TestDatabase; redis: IsolatedRedis };
  readonly worker?: boolean;
};

export async function startTestValidator(options: TestValidatorOptions = {}): Promise<TestValidator> {
  const { reuse, worker = true, ...appOptions } = options;
  const database = reuse?.database ?? (await createTestDatabase({ prefix: 'validator', template: await validatorTemplate() }));
  const redis = reuse?.redis ?? isolatedRedis();
  const handle = await openValidatorDatabase({ url: database.url, logger });
  const app = buildValidatorApp({
    key: TEST_WALLETS.validator,
    db: handle.db,
    logger,
    // The key space as main.ts lays it out for VALIDATOR_REDIS_PREFIX=<prefix>, so that a validator
    // process started from main.ts in a test shares it.
    redis: redis.bullConnection,
    channelPrefix: redisPrefix(redis),
    queue: { connection: redis.bullConnection, prefix: `${redisPrefix(redis)}:bull` },
    limits: { executorStartupS: 60 },
    ...appOptions,
  });
  if (worker) await app.startWorker();
  const admin = app.adminServer(ADMIN_TOKEN, 200);
  const port = await admin.listen('127.0.0.1', 0);
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    database,
    handle,
    redis,
    url,
    async api(path, init = {}) {
      const token = init.token === undefined ? ADMIN_TOKEN : init.token;
      const response = await fetch(`${url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    },
    async watch(jobUuid) {
      const statuses: V0JobStatusUpdate[] = [];
      let resolve!: (update: V0JobStatusUpdate) => void;
      const ended = new Promise<V0JobStatusUpdate>((r) => (resolve = r));
      await app.bus.subscribe(jobUuid, (update) => {
        statuses.push(update);
        if (TERMINAL.has(update.status)) resolve(update);
      });
      return { statuses, ended };
    },
    async close() {
      await admin.close();
      await app.close();
      await handle.close();
      if (!reuse) {
        await redis.cleanup();
        await database.drop();
      }
    },
  };
}
