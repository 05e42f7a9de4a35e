import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_WALLETS, connectFakeExecutor, connectFakeValidator, waitFor } from '@horde/testkit';
import type { FakeExecutor, FakeValidator, FakeValidatorOptions } from '@horde/testkit';
import { createLogger } from '@horde/service';
import type { Logger } from '@horde/service';
import { connectMinerChain } from '../chain/connect';
import { buildMinerApp } from '../app';
import type { MinerApp, MinerAppOptions } from '../app';
import { MIGRATIONS_FOLDER, openMinerDatabase } from '../db/database';
import type { MinerDatabaseHandle } from '../db/database';
import { JobsRepo } from '../db/jobs';
import { ValidatorsRepo } from '../db/validators';
import type { MinerChainConfig } from '../env';
import { ExecutorPool } from '../executor-managers';
import { startChainWork } from '../services/chain-work';
import type { ChainWork } from '../services/chain-work';
import { TestExecutorManager } from './test-manager';

export const logger = createLogger({ name: 'miner-test', level: process.env.MINER_TEST_LOG === 'debug' ? 'debug' : 'silent' });

/** Chain reads in tests: two quick attempts, so that a chain that is down shows at once. */
const TEST_CHAIN_RETRY = { attempts: 2, baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 2_000 };

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
  /** Validators always allowed, as MINER_VALIDATORS (TEST_WALLETS.validator is always added, source cli). */
  readonly staticValidators?: readonly string[];
  /** Run the chain work against this chain (a devchain), signing as TEST_WALLETS.miner. */
  readonly chain?: MinerChainConfig;
  /** The chain's block time, when `chain` is a devchain with short blocks. */
  readonly blockTimeMs?: number;
  /** Where the miner logs (silent by default). */
  readonly logger?: Logger;
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
  /** The chain work, when `chain` was given. */
  readonly chainWork: ChainWork | undefined;
  /** A fake validator (TEST_WALLETS.validator unless told otherwise) connected to this miner. */
  connectValidator(options?: Partial<FakeValidatorOptions>): Promise<FakeValidator>;
  /** A fake executor connected with `token`. */
  connectExecutor(token: string): Promise<FakeExecutor>;
  /** The token the miner gave the executor of `jobUuid` (waits for the start). */
  tokenOf(jobUuid: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestMiner(options: TestMinerOptions): Promise<TestMiner> {
  const log = options.logger ?? logger;
  const database = await openMinerDatabase({ url: options.databaseUrl, logger: log });
  const validators = new ValidatorsRepo(database.db);
  await validators.add(TEST_WALLETS.validator.address, 'cli');
  if (options.staticValidators) await validators.syncConfig(options.staticValidators);
  const manager = new TestExecutorManager(options.manifest ?? { 'always_on.test': 4 });
  const pool = new ExecutorPool(manager, { logger: log, cleanupIntervalMs: 0, manifestCacheMs: 0 });
  const app = buildMinerApp({
    hotkey: TEST_WALLETS.miner,
    db: database.db,
    executors: pool,
    logger: log,
    ...(options.authTimeoutMs === undefined ? {} : { authTimeoutMs: options.authTimeoutMs }),
    ...(options.authPolicy === undefined ? {} : { authPolicy: options.authPolicy }),
  });
  const port = await app.listen('127.0.0.1', 0);
  const url = `ws://127.0.0.1:${port}`;
  const chainWork = options.chain
    ? startChainWork({
        chain: connectMinerChain({ endpoint: options.chain.endpoint, netuid: options.chain.netuid, hotkey: TEST_WALLETS.miner, connectTimeoutMs: 2_000, retry: TEST_CHAIN_RETRY }),
        config: options.chain,
        hotkey: TEST_WALLETS.miner.address,
        validators,
        manifest: () => pool.manifest(),
        listenPort: port,
        ...(options.blockTimeMs === undefined ? {} : { blockTimeMs: options.blockTimeMs }),
        logger: log,
        metrics: app.metrics,
      })
    : undefined;
  return {
    url,
    app,
    database,
    jobs: new JobsRepo(database.db),
    validators,
    manager,
    pool,
    chainWork,
    connectValidator: (overrides = {}) => connectFakeValidator({ minerUrl: url, validator: TEST_WALLETS.validator, minerHotkey: TEST_WALLETS.miner.address, ...overrides }),
    connectExecutor: (token) => connectFakeExecutor({ minerAddress: app.executorAddress(), token }),
    tokenOf: async (jobUuid) => (await waitFor(() => manager.started.find((spec) => spec.jobUuid === jobUuid), { what: `executor start of ${jobUuid}` })).token,
    async close() {
      await chainWork?.stop();
      await app.close();
      await pool.close();
      await database.close();
    },
  };
}
