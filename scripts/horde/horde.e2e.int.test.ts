import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HordeClient } from '@horde/sdk';
import type { JobResult } from '@horde/sdk';
import { TEST_WALLETS } from '@horde/hotkey';
import { waitFor } from '@horde/testkit';
import { freePort } from './infra';
import { ROOT, startLocalHorde } from './local-horde';
import type { LocalHorde } from './local-horde';

/*
 * The whole horde as separate processes (facilitator, validator, miner, executors; its own Redis,
 * embedded databases), driven as a job submitter drives it: with the SDK, through the facilitator.
 */
const stops: Array<() => Promise<void>> = [];
let horde: LocalHorde;
let client: HordeClient;
const docker = new Docker();

beforeAll(async () => {
  const env = process.env;
  delete env.REDIS_URL; // its own redis-server: the validator's queues must not meet another horde's
  horde = await startLocalHorde({ home: join(ROOT, '.horde', 'e2e'), fresh: true, say: () => undefined, manifest: { 'always_on.test': 2 }, logLevel: 'warn' }, stops);
  client = new HordeClient({ facilitatorUrl: horde.facilitatorUrl, hotkey: horde.user, validatorHotkey: horde.validatorHotkey });
}, 180_000);

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
}, 60_000);

const spec = (args: string[], execution = 60) => ({
  docker_image: horde.image,
  executor_class: 'always_on.test',
  args,
  download_time_limit_sec: 20,
  execution_time_limit_sec: execution,
  upload_time_limit_sec: 20,
});

async function jobContainers(uuid: string): Promise<number> {
  return (await docker.listContainers({ all: true, filters: { label: [`org.horde.job-uuid=${uuid}`] } })).length;
}

/** Starts a long job and resolves once it is executing (its container exists). */
async function startLongJob(): Promise<{ uuid: string; done: Promise<JobResult> }> {
  const job = await client.createJob(spec(['sleep', '60'], 120));
  const done = client.waitForJob(job.uuid, { timeoutMs: 120_000 });
  await waitFor(async () => (await jobContainers(job.uuid)) === 1, { what: 'job container running', timeoutMs: 60_000 });
  return { uuid: job.uuid, done };
}

describe('a whole local horde, driven with the SDK', () => {
  it('reports a job that exits non-zero as failed, with the reason and its output', async () => {
    const job = await client.createJob(spec(['sh', '-c', 'echo partial; exit 3']));
    const result = await client.waitForJob(job.uuid, { timeoutMs: 120_000 });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'failed', details: { reason: 'nonzero_return_code', docker_process_exit_status: 3, docker_process_stdout: 'partial\n' } });
  }, 150_000);

  it('rejects a job no miner can take (no_miner_for_job)', async () => {
    const job = await client.createJob({ ...spec(['true']), executor_class: 'always_on.gpu-24gb' });
    const result = await client.waitForJob(job.uuid, { timeoutMs: 60_000 });
    expect(result.status).toBe('rejected');
    expect(result.error).toMatchObject({ kind: 'rejected', details: { reason: 'no_miner_for_job' } });
  }, 90_000);

  it('cancels a job mid-execution: status cancelled and its container gone', async () => {
    const { uuid, done } = await startLongJob();
    await client.cancelJob(uuid);
    const result = await done;
    expect(result.status).toBe('cancelled');
    await waitFor(async () => (await jobContainers(uuid)) === 0, { what: 'cancelled job container removed', timeoutMs: 30_000 });
  }, 180_000);

  it('runs jobs although the validator also knows an unreachable miner', async () => {
    const deadPort = await freePort(); // nothing listens there
    const added = await fetch(`${horde.adminUrl}/admin/v1/miners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${horde.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hotkey: TEST_WALLETS.miner2.address, address: '127.0.0.1', port: deadPort }),
    });
    expect(added.ok).toBe(true);
    for (let i = 0; i < 3; i++) {
      const result = await client.runUntilComplete(spec(['echo', `run ${i}`]), { timeoutMs: 120_000, maxAttempts: 1 });
      expect(result.status).toBe('completed');
      expect(result.stdout).toBe(`run ${i}\n`);
    }
  }, 300_000);

  it('keeps working after the facilitator restarts: the validator reconnects and later jobs run', async () => {
    await horde.restart('facilitator');
    const result = await waitFor(
      async () => {
        const job = await client.createJob(spec(['echo', 'after restart'])).catch(() => undefined);
        return job && (await client.waitForJob(job.uuid, { timeoutMs: 120_000 }));
      },
      { what: 'a job accepted after the facilitator restart', timeoutMs: 90_000, intervalMs: 1000 },
    );
    expect(result.status).toBe('completed');
    expect(result.stdout).toBe('after restart\n');
  }, 240_000);

  it('ends a job as failed and tells the submitter when the validator dies mid-job', async () => {
    const { uuid, done } = await startLongJob();
    await horde.restart('validator', 'SIGKILL');
    const result = await done;
    expect(['failed', 'horde_failed']).toContain(result.status);
    expect(JSON.stringify(result.error)).toMatch(/restart|validator/i);
    await waitFor(async () => (await jobContainers(uuid)) === 0, { what: 'orphaned job container removed', timeoutMs: 60_000 });
  }, 240_000);

  // Last: a horde failure blacklists the miner (for 10 s in the local horde), which would turn the
  // jobs of the next tests into no_miner_for_job rejections.
  it('reports an infrastructure failure as horde_failed (the job image does not exist)', async () => {
    const job = await client.createJob({ ...spec(['true']), docker_image: 'horde-local/no-such-image:1' });
    const result = await client.waitForJob(job.uuid, { timeoutMs: 120_000 });
    expect(result.status).toBe('horde_failed');
    expect(result.error).toMatchObject({ kind: 'horde_failed' });
  }, 150_000);
});
