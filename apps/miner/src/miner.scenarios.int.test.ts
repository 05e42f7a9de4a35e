import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Dockerode from 'dockerode';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputUpload } from '@horde/protocol';
import {
  TEST_WALLETS,
  connectFakeValidator,
  ensureBusyboxImage,
  requireDocker,
  startHttpServer,
  startS3,
  startTcpListener,
  waitFor,
} from '@horde/testkit';
import type { FakeValidator, TcpListener, TestHttpServer, TestS3 } from '@horde/testkit';
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
 * The scenarios of a miner's working life, through the whole stack: fake validator → real miner →
 * process executor manager → real executor (apps/executor) → job container on the local Docker
 * engine. One executor slot, so the busy and kill scenarios are deterministic.
 */
const run = promisify(execFile);
const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_scen' });
const CLASS = 'always_on.test';
const JOB_LABEL = 'org.horde.job-uuid';

let database: MinerDatabaseHandle;
let docker: Dockerode;
let image: string;
let pool: ExecutorPool;
let app: MinerApp;
let validator: FakeValidator;
let tempRoot: string;
let s3: TestS3;
let http: TestHttpServer;
let listener: TcpListener;
let minerPort: number;

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
  tempRoot = await mkdtemp(join(tmpdir(), 'horde-scenarios-'));
  s3 = await startS3({ buckets: ['results'] });
  http = await startHttpServer((req, res) => {
    res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
    res.end(req.method === 'POST' ? '{"stored":true}' : 'not here');
  });
  // Bound to every host address: a connection from a container over any bridge would land here.
  listener = await startTcpListener('0.0.0.0');
  database = await openMinerDatabase({ url: db.url, logger });
  await new ValidatorsRepo(database.db).add(TEST_WALLETS.validator.address, 'cli');
  const manager = createExecutorManager(
    { kind: 'process', manifest: { [CLASS]: 1 }, env: { EXECUTOR_NO_GPU: 'true', EXECUTOR_TEMP_ROOT: tempRoot, LOG_LEVEL: 'warn' } },
    { logger, docker, hostEnv: process.env },
  );
  pool = new ExecutorPool(manager, { logger, cleanupIntervalMs: 200 });
  app = buildMinerApp({ hotkey: TEST_WALLETS.miner, db: database.db, executors: pool, logger, startupTimeLimitS: 60 });
  minerPort = await app.listen('127.0.0.1', 0);
  validator = await connectFakeValidator({ minerUrl: `ws://127.0.0.1:${minerPort}`, validator: TEST_WALLETS.validator, minerHotkey: TEST_WALLETS.miner.address });
  await validator.authenticate(10_000);
}, 180_000);

afterAll(async () => {
  await validator?.close();
  await app?.close();
  await pool?.close();
  await database?.close();
  await Promise.all([s3?.close(), http?.close(), listener?.close()]);
  if (tempRoot) await rm(tempRoot, { recursive: true, force: true });
});

async function jobRow(jobUuid: string) {
  const [row] = await database.db.select().from(acceptedJobs).where(eq(acceptedJobs.jobUuid, jobUuid));
  return row;
}

async function jobContainers(jobUuid: string): Promise<number> {
  return (await docker.listContainers({ all: true, filters: { label: [`${JOB_LABEL}=${jobUuid}`] } })).length;
}

async function leftoverWorkspaces(): Promise<string[]> {
  return (await readdir(tempRoot)).filter((name) => name.startsWith('horde-job-'));
}

async function freeSlot(): Promise<void> {
  await waitFor(() => pool.busyCount(CLASS) === 0, { what: 'executor slot freed', timeoutMs: 30_000 });
}

/**
 * The pid of the executor serving the job: the one process other than this test that holds a
 * connection to the miner's port (a warm spare connects only once it has its job).
 */
async function executorPid(): Promise<number> {
  const { stdout } = await run('ss', ['-Htnp', 'state', 'established', `( dport = :${minerPort} )`]);
  const pids = new Set([...stdout.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])).filter((pid) => pid !== process.pid));
  if (pids.size !== 1) throw new Error(`expected one executor connected to the miner, found pids ${[...pids].join(', ') || 'none'}`);
  return [...pids][0]!;
}

const timing = (execution: number) => ({ allowed_leeway: 1, download_time_limit: 1, execution_time_limit: execution, upload_time_limit: 30, streaming_start_time_limit: 30 });

describe('a miner with real executors on Docker', () => {
  it('runs hello world: stdout, an artifact, a presigned PUT to S3 and the rest of /output POSTed as a zip', async () => {
    const putUrl = await s3.presignPut('results', 'result.txt', 300);
    const outputUpload: OutputUpload = {
      output_upload_type: 'multi_upload',
      uploads: [{ output_upload_type: 'single_file_put', url: putUrl, relative_path: 'result.txt' }],
      system_output: { output_upload_type: 'zip_and_http_post', url: `${http.url}/upload`, form_fields: { kind: 'system' } },
    };
    const script = 'echo hello horde; echo artifact > /artifacts/greeting.txt; echo result > /output/result.txt; echo rest > /output/rest.txt';
    const run = await validator.runJob({ executorClass: CLASS, dockerImage: image, cmd: ['sh', '-c', script], artifactsDir: '/artifacts', outputUpload, stageTimeoutMs: 90_000 });

    expect(run.outcome).toBe('finished');
    expect(run.final).toMatchObject({ message_type: 'V0JobFinishedRequest', docker_process_stdout: 'hello horde\n' });
    const finished = run.final as { artifacts?: Record<string, string>; upload_results?: Record<string, string> };
    expect(finished.artifacts).toEqual({ '/artifacts/greeting.txt': Buffer.from('artifact\n').toString('base64') });
    expect(Object.keys(finished.upload_results ?? {}).sort()).toEqual(['result.txt', 'system_output']);
    expect((await s3.getObject('results', 'result.txt')).toString()).toBe('result\n');
    const post = http.requests.find((r) => r.method === 'POST' && r.url === '/upload');
    expect(post, 'system_output POST received').toBeDefined();
    expect(post!.body.toString('latin1')).toContain('output.zip');
    expect(post!.body.toString('latin1')).toContain('rest.txt');
    expect(post!.body.toString('latin1')).not.toContain('result.txt');
    expect(await jobRow(run.jobUuid)).toMatchObject({ status: 'FINISHED', stdout: 'hello horde\n' });
    await freeSlot();
  }, 180_000);

  it('gives the job no network: TCP to host listeners and name resolution both fail, and nothing arrives', async () => {
    const bridge = ((await docker.getNetwork('bridge').inspect()) as { IPAM?: { Config?: Array<{ Gateway?: string }> } }).IPAM?.Config?.[0]?.Gateway ?? '172.17.0.1';
    const script = [
      `for h in 127.0.0.1 ${bridge}; do if nc -w 2 $h ${listener.port} </dev/null; then echo "tcp $h open"; else echo "tcp $h blocked"; fi; done`,
      'if nslookup example.com >/dev/null 2>&1; then echo "dns resolved"; else echo "dns blocked"; fi',
      'ip -o link 2>/dev/null | grep -v " lo:" | wc -l | sed "s/^/links /"',
    ].join('\n');
    const run = await validator.runJob({ executorClass: CLASS, dockerImage: image, cmd: ['sh', '-c', script], stageTimeoutMs: 90_000 });

    expect(run.outcome).toBe('finished');
    const stdout = (run.final as { docker_process_stdout: string }).docker_process_stdout;
    expect(stdout).toContain('tcp 127.0.0.1 blocked');
    expect(stdout).toContain(`tcp ${bridge} blocked`);
    expect(stdout).toContain('dns blocked');
    expect(stdout).not.toContain('open');
    expect(listener.connections).toBe(0);
    await freeSlot();
  }, 180_000);

  it('kills a job over its execution limit and leaves no container and no temp dir behind', async () => {
    const run = await validator.runJob({ executorClass: CLASS, dockerImage: image, cmd: ['sleep', '30'], executorTiming: timing(2), stageTimeoutMs: 90_000 });

    expect(run.outcome).toBe('failed');
    expect(run.final).toMatchObject({ message_type: 'V0JobFailedRequest', reason: 'timeout', stage: 'execution' });
    expect(await jobRow(run.jobUuid)).toMatchObject({ status: 'FAILED', errorType: 'timeout' });
    await freeSlot();
    expect(await jobContainers(run.jobUuid)).toBe(0);
    expect(await leftoverWorkspaces()).toEqual([]);
  }, 180_000);

  it('reports a broken volume URL as download_failed', async () => {
    const run = await validator.runJob({
      executorClass: CLASS,
      dockerImage: image,
      cmd: ['true'],
      volume: { volume_type: 'single_file', url: `${http.url}/missing/data.bin`, relative_path: 'data.bin' },
      stageTimeoutMs: 90_000,
    });
    expect(run.outcome).toBe('failed');
    expect(run.final).toMatchObject({ message_type: 'V0JobFailedRequest', reason: 'download_failed', stage: 'volume_download' });
    await freeSlot();
  }, 180_000);

  it('declines a job as busy with excuse receipts while its one executor works, then survives that executor being killed', async () => {
    const first = validator.sendInitialJob({ executorClass: CLASS, dockerImage: image, executorTiming: timing(60) });
    await validator.next(['V0AcceptJobRequest'], 30_000, first.job_uuid);
    validator.sendAcceptedReceipt({ jobUuid: first.job_uuid });

    const second = validator.sendInitialJob({ executorClass: CLASS, dockerImage: image });
    const decline = await validator.next(['V0DeclineJobRequest'], 30_000, second.job_uuid);
    expect(decline).toMatchObject({ reason: 'busy' });
    const receipts = (decline as { receipts: Array<{ payload: { job_uuid: string }; miner_signature: string }> }).receipts;
    expect(receipts.map((r) => r.payload.job_uuid)).toContain(first.job_uuid);

    await validator.next(['V0ExecutorReadyRequest'], 90_000, first.job_uuid);
    validator.sendJobRequest({ jobUuid: first.job_uuid, executorClass: CLASS, dockerImage: image, cmd: ['sleep', '60'] });
    await validator.next(['V0VolumesReadyRequest'], 30_000, first.job_uuid);
    await waitFor(async () => (await jobContainers(first.job_uuid)) === 1, { what: 'job container running', timeoutMs: 30_000 });

    process.kill(await executorPid(), 'SIGKILL');

    const failure = await validator.next(['V0HordeFailedRequest'], 30_000, first.job_uuid);
    expect(failure).toMatchObject({ reason: 'executor_disconnected' });
    await waitFor(async () => (await jobRow(first.job_uuid))?.status === 'FAILED', { what: 'job marked FAILED', timeoutMs: 10_000 });
    await waitFor(async () => (await jobContainers(first.job_uuid)) === 0, { what: 'orphaned job container removed', timeoutMs: 30_000 });
    await freeSlot();
  }, 240_000);
});
