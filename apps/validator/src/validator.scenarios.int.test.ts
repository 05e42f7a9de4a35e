import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, ensureBusyboxImage, requireDocker, waitFor } from '@horde/testkit';
import { startRealMiner } from './test-support/real-miner';
import type { RealMiner } from './test-support/real-miner';
import { ADMIN_TOKEN, startTestValidator } from './test-support/harness';
import type { TestValidator } from './test-support/harness';

/*
 * A validator driving REAL miners (in-process @horde/miner, process executors, job containers on the
 * local Docker engine) through the admin API: success, job failure, horde failure, no miner,
 * failover, an unanswering miner, and cancellation.
 */
const CLASS = 'always_on.test';
const JOB_LABEL = 'org.horde.job-uuid';

let docker: Awaited<ReturnType<typeof requireDocker>>;
let image: string;
let good: RealMiner;
let broken: RealMiner;
const validators: TestValidator[] = [];

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
  good = await startRealMiner({ hotkey: TEST_WALLETS.miner, docker, executorClass: CLASS });
  broken = await startRealMiner({ hotkey: TEST_WALLETS.miner2, docker, executorClass: CLASS, command: ['/nonexistent/horde-executor'] });
}, 120_000);

afterAll(async () => {
  for (const validator of validators) await validator.close();
  await good?.close();
  await broken?.close();
});

async function validatorWith(miners: Array<{ hotkey: string; port: number }>, options: Parameters<typeof startTestValidator>[0] = {}): Promise<TestValidator> {
  const validator = await startTestValidator(options);
  validators.push(validator);
  for (const miner of miners) await validator.app.miners.upsert({ hotkey: miner.hotkey, address: '127.0.0.1', port: miner.port, source: 'cli' });
  return validator;
}

async function freeSlot(miner: RealMiner): Promise<void> {
  await waitFor(() => miner.pool.busyCount(CLASS) === 0, { what: 'executor slot freed', timeoutMs: 30_000 });
}

/** Reads an SSE stream to its end; resolves with the status events. */
async function sse(url: string, token: string): Promise<Array<{ status: string; metadata: unknown }>> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: status'))
    .map((block) => JSON.parse(block.split('\n').find((line) => line.startsWith('data: '))!.slice(6)));
}

const job = (overrides: Record<string, unknown> = {}) => ({ uuid: randomUUID(), image, executor_class: CLASS, download_time_limit: 10, execution_time_limit: 30, upload_time_limit: 10, ...overrides });

describe('a validator with real miners', () => {
  it('runs hello world: completed with stdout and an artifact, statuses in order on the bus and over SSE', async () => {
    const validator = await validatorWith([good]);
    const body = job({ args: ['sh', '-c', 'echo hello horde; echo art > /artifacts/a.txt'], artifacts_dir: '/artifacts', env: { SECRET: 'hunter2' } });
    const watched = await validator.watch(body.uuid);
    const posted = await validator.api('/admin/v1/jobs', { body });
    expect(posted).toMatchObject({ status: 201, body: { uuid: body.uuid } });
    const events = sse(`${validator.url}/admin/v1/jobs/${body.uuid}/events`, ADMIN_TOKEN);

    const final = await watched.ended;
    expect(final.status).toBe('completed');
    expect(final.metadata?.miner_response).toMatchObject({ docker_process_stdout: 'hello horde\n', artifacts: { '/artifacts/a.txt': Buffer.from('art\n').toString('base64') } });
    const order = ['accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'completed'];
    expect(watched.statuses.map((s) => s.status)).toEqual(['received', ...order]);
    expect((await events).map((e) => e.status)).toEqual(['received', ...order]);

    const got = await validator.api(`/admin/v1/jobs/${body.uuid}`);
    expect(got.body).toMatchObject({ status: 'COMPLETED', stdout: 'hello horde\n', miner: { hotkey: good.hotkey }, request: { env: { SECRET: '[REDACTED]' } } });
    expect(got.body.history.map((h: { status: string }) => h.status)).toEqual(['received', ...order]);
    expect(JSON.stringify(got.body)).not.toContain('hunter2');
    const receipts = await validator.app.receipts.ofJob(body.uuid);
    expect(receipts).toMatchObject({ started: 1, accepted: 1, finished: [{ minerHotkey: good.hotkey, scoreStr: '50.000000' }] });
    // The miner checked our signatures on all three receipts and stored them.
    await waitFor(async () => (await good.receiptsOf(body.uuid)).finished.length === 1, { what: 'finished receipt stored by the miner', timeoutMs: 10_000 });
    expect(await good.receiptsOf(body.uuid)).toEqual({ started: 1, accepted: 1, finished: ['50.000000'] });
    await freeSlot(good);
  }, 180_000);

  it('reports a job failure (exit 3) as failed with job_failure_details, without blaming the miner', async () => {
    const validator = await validatorWith([good]);
    const body = job({ args: ['sh', '-c', 'echo oops >&2; exit 3'] });
    const watched = await validator.watch(body.uuid);
    await validator.api('/admin/v1/jobs', { body });
    const final = await watched.ended;
    expect(final).toMatchObject({ status: 'failed', metadata: { job_failure_details: { reason: 'nonzero_return_code', stage: 'execution', docker_process_exit_status: 3 } } });
    expect((await validator.app.miners.blacklistedAt(new Date())).size).toBe(0);
    expect((await validator.app.receipts.ofJob(body.uuid)).finished).toEqual([{ minerHotkey: good.hotkey, scoreStr: '0.000000' }]);
    await waitFor(async () => (await good.receiptsOf(body.uuid)).finished.length === 1, { what: 'finished receipt stored by the miner', timeoutMs: 10_000 });
    expect((await good.receiptsOf(body.uuid)).finished).toEqual(['0.000000']);
    await freeSlot(good);
  }, 180_000);

  it('reports a miner whose executor cannot start as horde_failed and blacklists it', async () => {
    const validator = await validatorWith([broken]);
    const body = job({ args: ['true'], miner_hotkey: broken.hotkey });
    const watched = await validator.watch(body.uuid);
    await validator.api('/admin/v1/jobs', { body });
    const final = await watched.ended;
    expect(final.status).toBe('horde_failed');
    expect(final.metadata?.horde_failure_details?.reason).toBeTruthy();
    expect(await validator.app.miners.blacklistedAt(new Date())).toContain(broken.hotkey);
    expect((await validator.api(`/admin/v1/jobs/${body.uuid}`)).body).toMatchObject({ status: 'FAILED', attempts: [{ miner_hotkey: broken.hotkey, outcome: 'horde_failed' }] });
  }, 180_000);

  it('rejects a job no miner can run with no_miner_for_job', async () => {
    const validator = await validatorWith([good]);
    const body = job({ executor_class: 'always_on.gpu-24gb' });
    const watched = await validator.watch(body.uuid);
    await validator.api('/admin/v1/jobs', { body });
    expect(await watched.ended).toMatchObject({ status: 'rejected', metadata: { job_rejection_details: { reason: 'no_miner_for_job' } } });
  }, 60_000);

  it('fails over from an unreachable miner to another under the same uuid, and blacklists the first', async () => {
    const closed = { hotkey: TEST_WALLETS.miner3.address, port: 1 };
    const ordered = [closed.hotkey, good.hotkey].sort();
    // The weighted shuffle picks the unreachable miner first (equal weights, candidates by hotkey).
    const first = ordered.indexOf(closed.hotkey);
    const validator = await validatorWith([good, closed], { random: () => (first + 0.5) / 2 });
    await validator.app.miners.saveManifest(closed.hotkey, { [CLASS]: 1 }, new Date());
    const body = job({ args: ['echo', 'second time lucky'] });
    const watched = await validator.watch(body.uuid);
    await validator.api('/admin/v1/jobs', { body });
    const final = await watched.ended;
    expect(final.status).toBe('completed');
    expect(final.metadata?.miner_response?.docker_process_stdout).toBe('second time lucky\n');
    const got = (await validator.api(`/admin/v1/jobs/${body.uuid}`)).body;
    expect(got.attempts).toMatchObject([
      { miner_hotkey: closed.hotkey, outcome: 'horde_failed', reason: 'miner_connection_failed' },
      { miner_hotkey: good.hotkey, outcome: 'completed' },
    ]);
    expect(got.miner.hotkey).toBe(good.hotkey);
    const miners = (await validator.api('/admin/v1/miners')).body;
    expect(miners.blacklist.map((b: { miner_hotkey: string }) => b.miner_hotkey)).toEqual([closed.hotkey]);
    expect(miners.incidents).toMatchObject([{ type: 'MINER_HORDE_FAILED', miner_hotkey: closed.hotkey, job_uuid: body.uuid }]);
    await freeSlot(good);
  }, 180_000);

  it('ends a job on a miner that never answers with initial_response_timed_out within the limit', async () => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => silent.once('listening', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const validator = await validatorWith([{ hotkey: TEST_WALLETS.miner3.address, port }], { limits: { reservationS: 1, executorStartupS: 60 } });
      const body = job({ miner_hotkey: TEST_WALLETS.miner3.address });
      const watched = await validator.watch(body.uuid);
      const startedAt = Date.now();
      await validator.api('/admin/v1/jobs', { body });
      const final = await watched.ended;
      expect(final).toMatchObject({ status: 'horde_failed', metadata: { horde_failure_details: { reason: 'initial_response_timed_out', reported_by: 'validator' } } });
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  }, 60_000);

  it('cancels a running job: status cancelled and the job container is gone', async () => {
    const validator = await validatorWith([good]);
    const body = job({ args: ['sleep', '60'], execution_time_limit: 120 });
    const watched = await validator.watch(body.uuid);
    await validator.api('/admin/v1/jobs', { body });
    const containers = async () => (await docker.listContainers({ all: true, filters: { label: [`${JOB_LABEL}=${body.uuid}`] } })).length;
    await waitFor(async () => (await containers()) === 1, { what: 'job container running', timeoutMs: 90_000 });
    expect((await validator.api(`/admin/v1/jobs/${body.uuid}/cancel`, { body: { reason: 'test' } })).status).toBe(202);
    expect((await watched.ended).status).toBe('cancelled');
    await waitFor(async () => (await containers()) === 0, { what: 'job container removed', timeoutMs: 30_000 });
    expect((await validator.api(`/admin/v1/jobs/${body.uuid}`)).body).toMatchObject({ status: 'CANCELLED' });
    await freeSlot(good);
  }, 180_000);

  it('fails over from a miner that declines (validator_blacklisted), blacklists it, and runs the job on the next', async () => {
    await broken.validators.blacklist(TEST_WALLETS.validator.address, 'test');
    try {
      const first = [broken.hotkey, good.hotkey].sort().indexOf(broken.hotkey);
      const validator = await validatorWith([good, broken], { random: () => (first + 0.5) / 2 });
      const body = job({ args: ['echo', 'ok'] });
      const watched = await validator.watch(body.uuid);
      await validator.api('/admin/v1/jobs', { body });
      expect((await watched.ended).status).toBe('completed');
      const got = (await validator.api(`/admin/v1/jobs/${body.uuid}`)).body;
      expect(got.attempts).toMatchObject([
        { miner_hotkey: broken.hotkey, outcome: 'rejected', reason: 'validator_blacklisted' },
        { miner_hotkey: good.hotkey, outcome: 'completed' },
      ]);
      expect(await validator.app.miners.blacklistedAt(new Date())).toEqual(new Set([broken.hotkey]));
      expect((await validator.app.miners.incidents(new Date(0))).map((i) => i.type)).toEqual(['MINER_JOB_REJECTED']);
      await freeSlot(good);
    } finally {
      await broken.validators.unblacklist(TEST_WALLETS.validator.address);
    }
  }, 180_000);
});
