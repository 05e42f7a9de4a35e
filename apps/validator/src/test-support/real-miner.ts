/**
 * A real miner for the validator's tests: @horde/miner's app on 127.0.0.1:0 (or another host) with its own PostgreSQL
 * database and the process executor manager (real executors, job containers on the local Docker).
 *
 * The executor manager and pool are not exported by @horde/miner's entry point yet, so they are
 * imported from its sources (tests only).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hotkey } from '@horde/hotkey';
import { eq } from 'drizzle-orm';
import { buildMinerApp, minerSchema, openMinerDatabase, ValidatorsRepo } from '@horde/miner';
import { TEST_WALLETS, createTestDatabase } from '@horde/testkit';
import type { requireDocker } from '@horde/testkit';
import { createExecutorManager, ExecutorPool } from '@horde/miner';
import { logger } from './harness';

export interface RealMiner {
  readonly hotkey: string;
  readonly port: number;
  readonly pool: ExecutorPool;
  /** The validators this miner serves (TEST_WALLETS.validator is added). */
  readonly validators: ValidatorsRepo;
  /** Receipts of a job as the miner stored them (after checking the validator's signature). */
  receiptsOf(jobUuid: string): Promise<{ started: number; accepted: number; finished: string[] }>;
  close(): Promise<void>;
}

export interface RealMinerOptions {
  readonly hotkey: Hotkey;
  /** Where killed executors' job containers are removed; without it nothing can run a job (manifest, auth and routing tests). */
  readonly docker?: Awaited<ReturnType<typeof requireDocker>>;
  readonly executorClass: string;
  /** The executor's argv; the real executor when absent (a broken one makes every start fail). */
  readonly command?: string[];
  /** Where it listens (127.0.0.1): announce a miner on chain at 127.0.0.2, which the chain accepts. */
  readonly host?: string;
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startRealMiner(options: RealMinerOptions): Promise<RealMiner> {
  const database = await createTestDatabase({ prefix: 'val_miner' });
  const handle = await openMinerDatabase({ url: database.url, logger });
  const validators = new ValidatorsRepo(handle.db);
  await validators.add(TEST_WALLETS.validator.address, 'cli');
  const tempRoot = await mkdtemp(join(tmpdir(), 'horde-val-miner-'));
  const manager = createExecutorManager(
    {
      kind: 'process',
      manifest: { [options.executorClass]: 1 },
      env: { EXECUTOR_NO_GPU: 'true', EXECUTOR_TEMP_ROOT: tempRoot, LOG_LEVEL: 'warn' },
      ...(options.command ? { command: options.command, warmSpares: false } : {}),
    },
    { logger, hostEnv: process.env, ...(options.docker ? { docker: options.docker } : {}) },
  );
  const pool = new ExecutorPool(manager, { logger, cleanupIntervalMs: 200 });
  // On another host than 127.0.0.1 the executors must dial that host: the port is chosen first.
  const host = options.host ?? '127.0.0.1';
  const fixedPort = host === '127.0.0.1' ? 0 : await freePort(host);
  const executorAddress = fixedPort === 0 ? {} : { executorAddress: `ws://${host}:${fixedPort}` };
  const app = buildMinerApp({ hotkey: options.hotkey, db: handle.db, executors: pool, logger, startupTimeLimitS: 60, ...executorAddress });
  const port = await app.listen(host, fixedPort);
  return {
    hotkey: options.hotkey.address,
    port,
    pool,
    validators,
    async receiptsOf(jobUuid) {
      const { jobStartedReceipts, jobAcceptedReceipts, jobFinishedReceipts } = minerSchema;
      const [started, accepted, finished] = await Promise.all([
        handle.db.select().from(jobStartedReceipts).where(eq(jobStartedReceipts.jobUuid, jobUuid)),
        handle.db.select().from(jobAcceptedReceipts).where(eq(jobAcceptedReceipts.jobUuid, jobUuid)),
        handle.db.select().from(jobFinishedReceipts).where(eq(jobFinishedReceipts.jobUuid, jobUuid)),
      ]);
      return { started: started.length, accepted: accepted.length, finished: finished.map((row) => row.scoreStr) };
    },
    async close() {
      await app.close();
      await pool.close();
      await handle.close();
      await database.drop();
      await rm(tempRoot, { recursive: true, force: true });
    },
  };
}
