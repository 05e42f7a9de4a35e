import type Dockerode from 'dockerode';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, connectFakeValidator, ensureBusyboxImage, requireDocker, waitFor } from '@horde/testkit';
import type { FakeValidator } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { buildMinerApp } from './app';
import type { MinerApp } from './app';
import { openMinerDatabase } from './db/database';
import type { MinerDatabaseHandle } from './db/database';
import { acceptedJobs } from './db/schema';
import { ValidatorsRepo } from './db/validators';
import { createExecutorManager, ExecutorPool } from './executor-managers';
import { logger, minerTemplate } from './test-support/harness';

/*
 * The miner with real executors: the process manager starts apps/executor for each job, the
 * executor dials the miner, runs the job in a networkless container on the local Docker engine and
 * reports back; a fake validator drives the job over the real validator interface.
 */
const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_e2e' });
const CLASS = 'always_on.test';

let database: MinerDatabaseHandle;
let docker: Dockerode;
let image: string;
let pool: ExecutorPool;
let app: MinerApp;
let validator: FakeValidator;

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
  database = await openMinerDatabase({ url: db.url, logger });
  await new ValidatorsRepo(database.db).add(TEST_WALLETS.validator.address, 'cli');
  const manager = createExecutorManager({ kind: 'process', manifest: { [CLASS]: 1 }, env: { EXECUTOR_NO_GPU: 'true', LOG_LEVEL: 'warn' } }, { logger, docker, hostEnv: process.env });
  pool = new ExecutorPool(manager, { logger, cleanupIntervalMs: 200 });
  app = buildMinerApp({ hotkey: TEST_WALLETS.miner, db: database.db, executors: pool, logger, startupTimeLimitS: 60 });
  const port = await app.listen('127.0.0.1', 0);
  validator = await connectFakeValidator({ minerUrl: `ws://127.0.0.1:${port}`, validator: TEST_WALLETS.validator, minerHotkey: TEST_WALLETS.miner.address });
}, 120_000);
afterAll(async () => {
  await validator?.close();
  await app?.close();
  await pool?.close();
  await database?.close();
});

async function jobRow(jobUuid: string) {
  const [row] = await database.db.select().from(acceptedJobs).where(eq(acceptedJobs.jobUuid, jobUuid));
  return row;
}

describe('miner with real executors', () => {
  it('runs a job end to end and frees the executor afterwards', async () => {
    const run = await validator.runJob({ executorClass: CLASS, dockerImage: image, cmd: ['sh', '-c', 'echo hello horde; echo oops >&2'], stageTimeoutMs: 90_000 });
    expect(run.outcome).toBe('finished');
    expect(run.final).toMatchObject({ message_type: 'V0JobFinishedRequest', docker_process_stdout: 'hello horde\n', docker_process_stderr: 'oops\n' });
    expect(run.messages.map((m) => m.message_type)).toEqual(expect.arrayContaining(['V0AcceptJobRequest', 'V0ExecutorReadyRequest', 'V0VolumesReadyRequest', 'V0ExecutionDoneRequest', 'V0JobFinishedRequest']));
    expect(await jobRow(run.jobUuid)).toMatchObject({ status: 'FINISHED', stdout: 'hello horde\n' });
    await waitFor(() => pool.busyCount(CLASS) === 0, { what: 'executor slot freed', timeoutMs: 30_000 });
  }, 180_000);

  it('relays a job that exits non-zero as a user-job failure', async () => {
    const run = await validator.runJob({ executorClass: CLASS, dockerImage: image, cmd: ['sh', '-c', 'echo partial; exit 3'], stageTimeoutMs: 90_000 });
    expect(run.outcome).toBe('failed');
    expect(run.final).toMatchObject({ message_type: 'V0JobFailedRequest', reason: 'nonzero_return_code', docker_process_exit_status: 3 });
    expect(await jobRow(run.jobUuid)).toMatchObject({ status: 'FAILED', errorType: 'nonzero_return_code', exitStatus: 3 });
  }, 180_000);
});
