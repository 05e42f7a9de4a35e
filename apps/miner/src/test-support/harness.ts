import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_WALLETS, connectFakeExecutor, connectFakeValidator, waitFor } from '@horde/testkit';
import type { FakeExecutor, FakeValidator, FakeValidatorOptions } from '@horde/testkit';
import { createLogger } from '@horde/service';
import { buildMinerApp } from '../app';
import type { MinerApp, MinerAppOptions } from '../app';
import { MIGRATIONS_FOLDER, openMinerDatabase } from '../db/database';
import type { MinerDatabaseHandle } from '../db/database';
import { JobsRepo } from '../db/jobs';
import { ValidatorsRepo } from '../db/validators';
import { ExecutorPool } from '../executor-managers';
import { TestExecutorManager } from './test-manager';

export const logger = createLogger({ name: 'miner-test', level: process.env.MINER_TEST_LOG === 'debug' ? 'debug' : 'silent' });

/** Template for `useTestDatabase`: one migrated template per version of the migrations. */
export const minerTemplate = {
  name: `horde_miner_${createHash('sha256').update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'))).digest('hex').slice(0, 12)}`,
  migrate: async (url: string) => {
    const handle = await openMinerDatabase({ url, logger });
    await handle.close();
  },
};

export interface TestMinerOptions extends Pick<MinerAppOptions, 'authTimeoutMs' | 'authPolicy'> {
  readonly databaseUrl: string;
  /** Executors offered per class; `{ 'always_on.test': 4 }` by default. */
  readonly manifest?: Record<string, number>;
}

/** A real miner (server on 127.0.0.1:0, real database) whose executor manager is a TestExecutorManager. */
export interface TestMiner {
  readonly url: string;
  readonly app: MinerApp;
  readonly database: MinerDatabaseHandle;
  readonly jobs: JobsRepo;
  readonly validators: ValidatorsRepo;
  readonly manager: TestExecutorManager;
  readonly pool: ExecutorPool;
  /** A fake validator (TEST_WALLETS.validator unless told otherwise) connected to this miner. */
  connectValidator(options?: Partial<FakeValidatorOptions>): Promise<FakeValidator>;
  /** A fake executor connected with `token`. */
  connectExecutor(token: string): Promise<FakeExecutor>;
  /** The token the miner gave the executor of `jobUuid` (waits for the start). */
  tokenOf(jobUuid: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestMiner(options: TestMinerOptions): Promise<TestMiner> {
  const database = await openMinerDatabase({ url: options.databaseUrl, logger });
  const validators = new ValidatorsRepo(database.db);
  await validators.add(TEST_WALLETS.validator.address, 'cli');
  const manager = new TestExecutorManager(options.manifest ?? { 'always_on.test': 4 });
  const pool = new ExecutorPool(manager, { logger, cleanupIntervalMs: 0, manifestCacheMs: 0 });
  const app = buildMinerApp({
    hotkey: TEST_WALLETS.miner,
    db: database.db,
    executors: pool,
    logger,
    ...(options.authTimeoutMs === undefined ? {} : { authTimeoutMs: options.authTimeoutMs }),
    ...(options.authPolicy === undefined ? {} : { authPolicy: options.authPolicy }),
  });
  const port = await app.listen('127.0.0.1', 0);
  const url = `ws://127.0.0.1:${port}`;
  return {
    url,
    app,
    database,
    jobs: new JobsRepo(database.db),
    validators,
    manager,
    pool,
    connectValidator: (overrides = {}) => connectFakeValidator({ minerUrl: url, validator: TEST_WALLETS.validator, minerHotkey: TEST_WALLETS.miner.address, ...overrides }),
    connectExecutor: (token) => connectFakeExecutor({ minerAddress: app.executorAddress(), token }),
    tokenOf: async (jobUuid) => (await waitFor(() => manager.started.find((spec) => spec.jobUuid === jobUuid), { what: `executor start of ${jobUuid}` })).token,
    async close() {
      await app.close();
      await pool.close();
      await database.close();
    },
  };
}
