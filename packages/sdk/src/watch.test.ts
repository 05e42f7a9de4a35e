import { ready } from '@horde/hotkey';
import type { JobStatus } from '@horde/protocol';
import { TEST_WALLETS, waitFor } from '@horde/testkit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HordeClient } from './client';
import { sdkErrors } from './errors';
import { startFakeFacilitator } from './test-support/fake-facilitator';
import type { FakeFacilitator, FakeFacilitatorOptions } from './test-support/fake-facilitator';

const user = TEST_WALLETS.user;
const RESULT = { docker_process_stdout: 'hi\n', docker_process_stderr: 'warn\n', artifacts: { '/artifacts/a.txt': Buffer.from('A').toString('base64') } };

let fake: FakeFacilitator | undefined;
beforeAll(() => ready());
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: Partial<FakeFacilitatorOptions> = {}) {
  fake = await startFakeFacilitator({ whitelist: [user.address], ...options });
  const client = new HordeClient({
    facilitatorUrl: fake.url,
    hotkey: user,
    validatorHotkey: TEST_WALLETS.validator.address,
    httpRetry: { initialMs: 5, maxMs: 20 },
    jobRetry: { initialMs: 5, maxMs: 20 },
    pollIntervalMs: 20,
  });
  return { fake, client };
}

const STAGES: JobStatus[] = ['accepted', 'executor_ready', 'volumes_ready', 'execution_done'];

describe('watchJob', () => {
  it('receives the SSE statuses in order, as they are pushed, then the result', async () => {
    const { fake, client } = await setup();
    const { uuid } = await client.createJob({ docker_image: 'alpine', artifacts_dir: '/artifacts' });
    const seen: JobStatus[] = [];
    const done = client.watchJob(uuid, (entry) => seen.push(entry.status));
    await waitFor(() => fake.listeners(uuid) === 1, { what: 'the SSE stream to open' });
    for (const status of STAGES) {
      fake.pushStatus(uuid, { status });
      await waitFor(() => seen.at(-1) === status, { what: `${status} to arrive` });
    }
    fake.pushStatus(uuid, { status: 'completed', metadata: { miner_response: RESULT } });
    const result = await done;
    expect(seen).toEqual(['sent', ...STAGES, 'completed']);
    expect(result).toMatchObject({ uuid, status: 'completed', stdout: 'hi\n', stderr: 'warn\n', error: null });
    expect(result.artifacts['/artifacts/a.txt']?.toString()).toBe('A');
    expect(fake.server.requests.filter((r) => r.url.endsWith('/events'))).toHaveLength(1);
  });

  it('reconnects with Last-Event-ID when the SSE stream drops, and reports nothing twice', async () => {
    const { fake, client } = await setup();
    const { uuid } = await client.createJob({ docker_image: 'alpine' });
    const seen: JobStatus[] = [];
    const done = client.watchJob(uuid, (entry) => seen.push(entry.status));
    await waitFor(() => fake.listeners(uuid) === 1, { what: 'the SSE stream to open' });
    fake.pushStatus(uuid, { status: 'accepted' });
    await waitFor(() => seen.includes('accepted'), { what: 'accepted' });
    fake.dropStreams(uuid);
    await waitFor(() => fake.server.requests.filter((r) => r.url.endsWith('/events')).length === 2 && fake.listeners(uuid) === 1, { what: 'a reconnect' });
    fake.pushStatus(uuid, { status: 'completed', metadata: { miner_response: RESULT } });
    await done;
    expect(seen).toEqual(['sent', 'accepted', 'completed']);
    const reconnect = fake.server.requests.filter((r) => r.url.endsWith('/events'))[1];
    expect(reconnect?.headers['last-event-id']).toBe(String(fake.jobs[0]?.history[1]?.id));
  });

  it('falls back to polling when the events route answers 404', async () => {
    const { fake, client } = await setup({ sse: false });
    const { uuid } = await client.createJob({ docker_image: 'alpine' });
    const seen: JobStatus[] = [];
    const done = client.watchJob(uuid, (entry) => seen.push(entry.status));
    await waitFor(() => fake.server.requests.some((r) => r.url === `/api/v1/jobs/${uuid}/`), { what: 'a poll' });
    fake.pushStatus(uuid, { status: 'accepted' });
    await waitFor(() => seen.includes('accepted'), { what: 'accepted to be polled' });
    const failure = { reason: 'nonzero_return_code', stage: 'execution', message: 'exit 3', docker_process_exit_status: 3 } as const;
    fake.pushStatus(uuid, { status: 'failed', metadata: { job_failure_details: failure } });
    const result = await done;
    expect(seen).toEqual(['sent', 'accepted', 'failed']);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ kind: 'failed', details: { reason: 'nonzero_return_code', docker_process_exit_status: 3 } });
  });

  it('waitForJob gives up with JOB_TIMEOUT', async () => {
    const { client } = await setup();
    const { uuid } = await client.createJob({ docker_image: 'alpine' });
    await expect(client.waitForJob(uuid, { timeoutMs: 50 })).rejects.toSatisfy((err) => sdkErrors.is(err, 'JOB_TIMEOUT'));
  });
});

describe('runUntilComplete', () => {
  it('re-runs a job that ended in a horde failure, then returns the completed one', async () => {
    const horde = { reported_by: 'miner', reason: 'executor_spinup_failed', message: 'no executor' } as const;
    const { fake, client } = await setup({
      script: (_job, index) =>
        index === 0
          ? [{ status: 'accepted' }, { status: 'horde_failed', metadata: { horde_failure_details: horde } }]
          : [{ status: 'accepted' }, { status: 'completed', metadata: { miner_response: RESULT } }],
    });
    const attempts: string[] = [];
    const result = await client.runUntilComplete({ docker_image: 'alpine' }, { onAttempt: (job) => attempts.push(job.uuid), timeoutMs: 10_000 });
    expect(attempts).toHaveLength(2);
    expect(fake.jobs.map((j) => j.history.at(-1)?.status)).toEqual(['horde_failed', 'completed']);
    expect(result).toMatchObject({ uuid: attempts[1], status: 'completed', stdout: 'hi\n' });
  });

  it('does not re-run a job whose own command failed, and stops after maxAttempts', async () => {
    const failure = { reason: 'nonzero_return_code', stage: 'execution', message: 'exit 1' } as const;
    const horde = { reported_by: 'validator', reason: 'generic_error', message: 'x' } as const;
    const failing = await setup({ script: () => [{ status: 'failed', metadata: { job_failure_details: failure } }] });
    expect((await failing.client.runUntilComplete({ docker_image: 'alpine' })).status).toBe('failed');
    expect(failing.fake.jobs).toHaveLength(1);
    await failing.fake.close();
    const flaky = await setup({ script: () => [{ status: 'horde_failed', metadata: { horde_failure_details: horde } }] });
    const result = await flaky.client.runUntilComplete({ docker_image: 'alpine' }, { maxAttempts: 2 });
    expect(result.error).toMatchObject({ kind: 'horde_failed', details: { reason: 'generic_error' } });
    expect(flaky.fake.jobs).toHaveLength(2);
  });
});
