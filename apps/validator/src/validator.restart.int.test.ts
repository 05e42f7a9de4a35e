import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, createTestDatabase, ensureBusyboxImage, isolatedRedis, requireDocker, waitFor, writeTestWallet } from '@horde/testkit';
import type { IsolatedRedis, TestDatabase } from '@horde/testkit';
import { VALIDATOR_RESTARTED } from './jobs/organic-worker';
import { startRealMiner } from './test-support/real-miner';
import type { RealMiner } from './test-support/real-miner';
import { redisPrefix, startTestValidator, validatorTemplate } from './test-support/harness';
import type { TestValidator } from './test-support/harness';

/*
 * The validator process (main.ts) is killed with SIGKILL while it runs a job; when a validator
 * starts again on the same database and Redis, that job ends FAILED (horde_failed) with a clear
 * reason and the status is published. A job the dead process had not even queued ends the same way.
 */
const CLASS = 'always_on.test';
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

let docker: Awaited<ReturnType<typeof requireDocker>>;
let image: string;
let miner: RealMiner;
let database: TestDatabase;
let redis: IsolatedRedis;
let walletsDir: string;
let child: ChildProcess | undefined;
let validator: TestValidator | undefined;

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
  miner = await startRealMiner({ hotkey: TEST_WALLETS.miner, docker, executorClass: CLASS });
  database = await createTestDatabase({ prefix: 'validator_restart', template: await validatorTemplate() });
  redis = isolatedRedis();
  walletsDir = await mkdtemp(join(tmpdir(), 'horde-val-wallets-'));
  await writeTestWallet(walletsDir, 'validator', 'default', 'validator');
}, 120_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await validator?.close();
  await miner?.close();
  await redis?.cleanup();
  await database?.drop();
  if (walletsDir) await rm(walletsDir, { recursive: true, force: true });
});

function startValidatorProcess(): ChildProcess {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    VALIDATOR_HOTKEY: 'validator/default',
    VALIDATOR_WALLETS_DIR: walletsDir,
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    VALIDATOR_REDIS_PREFIX: redisPrefix(redis),
    VALIDATOR_ROLES: 'worker',
    VALIDATOR_MINERS: `${miner.hotkey}@127.0.0.1:${miner.port}`,
    VALIDATOR_EXECUTOR_STARTUP_S: '60',
    VALIDATOR_QUEUE_LOCK_MS: '1000',
    VALIDATOR_QUEUE_STALLED_MS: '1000',
    LOG_LEVEL: 'warn',
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: APP_DIR, env, stdio: ['ignore', 'ignore', 'pipe'] });
  proc.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return proc;
}

describe('a validator killed mid-job', () => {
  it('fails the job in flight with a clear reason once a validator starts again, and tells the submitter', async () => {
    // The submitter's side: a validator without worker, sharing database and Redis.
    validator = await startTestValidator({ worker: false, reuse: { database, redis }, lockDurationMs: 1000, stalledIntervalMs: 1000 });
    child = startValidatorProcess();
    const jobUuid = randomUUID();
    const watched = await validator.watch(jobUuid);
    await validator.app.organicJobs.submit({
      uuid: jobUuid,
      executor_class: CLASS,
      docker_image: image,
      args: ['sleep', '60'],
      download_time_limit: 10,
      execution_time_limit: 120,
      upload_time_limit: 10,
      source: 'admin',
    });
    await waitFor(() => watched.statuses.some((s) => s.status === 'volumes_ready'), { what: 'job running on the miner', timeoutMs: 90_000 });

    // A job the dead validator had taken but never queued (it died in between).
    const unqueued = randomUUID();
    await validator.app.jobs.insert({ jobUuid: unqueued, source: 'admin', executorClass: CLASS, image, lastStatus: 'received', request: {} });
    const watchedUnqueued = await validator.watch(unqueued);

    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    await waitFor(() => miner.pool.busyCount(CLASS) === 0, { what: 'the miner ended the orphaned executor', timeoutMs: 30_000 });

    await validator.app.startWorker();
    const final = await waitFor(() => watched.statuses.find((s) => s.status === 'horde_failed'), { what: 'horde_failed published', timeoutMs: 30_000 });
    expect(final.metadata?.horde_failure_details).toMatchObject({ reported_by: 'validator', reason: 'unhandled_exception' });
    expect(final.metadata?.horde_failure_details?.message).toContain(VALIDATOR_RESTARTED);
    expect(await validator.app.jobs.get(jobUuid)).toMatchObject({ status: 'FAILED', errorType: 'unhandled_exception' });

    expect(await watchedUnqueued.ended).toMatchObject({ status: 'horde_failed', metadata: { horde_failure_details: { message: VALIDATOR_RESTARTED } } });
    expect(await validator.app.jobs.get(unqueued)).toMatchObject({ status: 'FAILED' });
  }, 180_000);
});
