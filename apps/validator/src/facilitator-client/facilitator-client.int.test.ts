import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, ready, signRequest } from '@horde/hotkey';
import { createLogger } from '@horde/service';
import { isolatedRedis, waitFor } from '@horde/testkit';
import { JobStatusBus } from '../services/job-status-bus';
import { FacilitatorClient } from './facilitator-client';
import type { FacilitatorClientOptions } from './facilitator-client';
import { FakeFacilitator } from './test-support/fake-facilitator';
import { captureLogs } from './test-support/log-capture';
import { BusSubmitter, SUCCESS_STATUSES, SetSignerPolicy, signedJob } from './test-support/jobs';

const logger = createLogger({ name: 'facilitator-client-test', level: 'silent' });
const redis = isolatedRedis();
const connections: Redis[] = [];
let bus: JobStatusBus;
let fakes: FakeFacilitator[] = [];
let clients: FacilitatorClient[] = [];

beforeAll(async () => {
  await ready();
  const publisher = new Redis(redis.bullConnection);
  const subscriber = new Redis(redis.bullConnection);
  connections.push(publisher, subscriber);
  bus = new JobStatusBus(publisher, subscriber, `${redis.prefix}bus`);
});

afterEach(async () => {
  await Promise.all(clients.map((client) => client.stop()));
  await Promise.all(fakes.map((fake) => fake.close()));
  clients = [];
  fakes = [];
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.quit()));
  await redis.cleanup();
});

async function startFake(options: { port?: number; refuse?: boolean; silent?: boolean } = {}): Promise<FakeFacilitator> {
  const fake = await FakeFacilitator.start({ logger, ...options });
  fakes.push(fake);
  return fake;
}

function startClient(fake: FakeFacilitator, overrides: Partial<FacilitatorClientOptions> = {}) {
  const submitter = new BusSubmitter(bus);
  const signers = new SetSignerPolicy();
  signers.allowed.add(TEST_WALLETS.user.address);
  const client = new FacilitatorClient({
    url: overrides.url ?? fake.url,
    hotkey: TEST_WALLETS.validator,
    validatorVersion: '1.2.3',
    runnerVersion: 'runner-7',
    submitter,
    signers,
    statuses: bus,
    logger,
    heartbeatMs: 50,
    connectTimeoutMs: 2_000,
    authTimeoutMs: 2_000,
    backoff: { initialMs: 20, maxMs: 100, refusedMs: 500, jitter: 0 },
    ...overrides,
  });
  clients.push(client);
  client.start();
  return { client, submitter, signers };
}

const connected = (fake: FakeFacilitator, count = 1) => waitFor(() => fake.connectedValidators === count, { what: 'the validator connected', timeoutMs: 5_000 });
const statusesReach = (fake: FakeFacilitator, jobUuid: string, last: string) =>
  waitFor(() => fake.statusesOf(jobUuid).includes(last), { what: `${jobUuid} reached ${last}`, timeoutMs: 5_000 });

describe('FacilitatorClient', () => {
  it('authenticates with a signature over its public key, sends its headers and heartbeats', async () => {
    const fake = await startFake();
    startClient(fake);
    await connected(fake);
    expect(fake.authentications).toEqual([{ hotkey: TEST_WALLETS.validator.address, publicKey: Buffer.from(TEST_WALLETS.validator.publicKey).toString('hex'), valid: true, at: expect.any(Number) }]);
    expect(fake.headers[0]).toMatchObject({ 'x-validator-version': '1.2.3', 'x-validator-runner-version': 'runner-7', 'x-horde-features': 'cancel' });
    await waitFor(() => fake.heartbeats >= 3, { what: 'three heartbeats', timeoutMs: 2_000 });
  });

  it('runs a signed job and forwards every status in order', async () => {
    const fake = await startFake();
    const { submitter } = startClient(fake);
    await connected(fake);
    const job = signedJob(TEST_WALLETS.user);
    fake.send(job);
    await statusesReach(fake, job.uuid, 'completed');
    expect(fake.statusesOf(job.uuid)).toEqual(['received', ...SUCCESS_STATUSES]);
    expect(fake.updates.at(-1)?.metadata?.miner_response?.docker_process_stdout).toBe('hi\n');
    expect(submitter.submitted).toEqual([
      {
        uuid: job.uuid,
        executor_class: job.executor_class,
        docker_image: 'busybox:latest',
        args: job.args,
        env: { GREETING: 'héllo' },
        volume: job.volume,
        output_upload: null,
        artifacts_dir: '/artifacts',
        download_time_limit: 30,
        execution_time_limit: 60,
        upload_time_limit: 30,
        streaming_start_time_limit: 0,
        namespace: 'SN123.0',
        source: 'facilitator',
        submitted_by: TEST_WALLETS.user.address,
      },
    ]);

    // The validator itself may always submit.
    const own = signedJob(TEST_WALLETS.validator);
    fake.send(own);
    await statusesReach(fake, own.uuid, 'completed');
    expect(submitter.submitted.map((request) => request.submitted_by)).toEqual([TEST_WALLETS.user.address, TEST_WALLETS.validator.address]);
  });

  it('rejects a tampered, unsigned or unallowed job with invalid_signature and submits nothing', async () => {
    const fake = await startFake();
    const { submitter } = startClient(fake);
    await connected(fake);
    const tampered = { ...signedJob(TEST_WALLETS.user), docker_image: 'evil:latest' };
    const unsigned = { ...signedJob(TEST_WALLETS.user), signature: null };
    const unallowed = signedJob(TEST_WALLETS.user2);
    for (const job of [tampered, unsigned, unallowed]) fake.send(job);
    for (const job of [tampered, unsigned, unallowed]) await statusesReach(fake, job.uuid, 'rejected');
    for (const job of [tampered, unsigned, unallowed]) {
      expect(fake.statusesOf(job.uuid)).toEqual(['rejected']);
      const update = fake.updates.find((candidate) => candidate.uuid === job.uuid);
      expect(update?.metadata?.job_rejection_details).toMatchObject({ rejected_by: 'validator', reason: 'invalid_signature', message: expect.any(String) });
    }
    expect(submitter.submitted).toEqual([]);
  });

  it('reports a failed submission or whitelist lookup as horde_failed', async () => {
    const fake = await startFake();
    const { submitter, signers } = startClient(fake);
    await connected(fake);
    submitter.failNext = true;
    const job = signedJob(TEST_WALLETS.user);
    fake.send(job);
    await statusesReach(fake, job.uuid, 'horde_failed');
    expect(fake.statusesOf(job.uuid)).toEqual(['received', 'horde_failed']);
    expect(fake.updates.at(-1)?.metadata?.horde_failure_details).toMatchObject({ reported_by: 'validator', reason: 'generic_error' });

    // A whitelist lookup that fails cannot leave the job without an answer either.
    signers.failNext = true;
    const unchecked = signedJob(TEST_WALLETS.user2);
    fake.send(unchecked);
    await statusesReach(fake, unchecked.uuid, 'horde_failed');
    expect(fake.statusesOf(unchecked.uuid)).toEqual(['horde_failed']);
    expect(submitter.submitted).toEqual([]);
  });

  it('forwards a cancel to the submitter and the cancelled status to the facilitator', async () => {
    const fake = await startFake();
    const { submitter } = startClient(fake);
    submitter.autoRun = false;
    await connected(fake);
    const job = signedJob(TEST_WALLETS.user);
    fake.send(job);
    await statusesReach(fake, job.uuid, 'received');
    await submitter.publish(job.uuid, 'accepted');
    await statusesReach(fake, job.uuid, 'accepted');
    fake.send({ message_type: 'HordeJobCancelRequest', job_uuid: job.uuid, reason: 'user asked' });
    await statusesReach(fake, job.uuid, 'cancelled');
    expect(submitter.cancelled).toEqual([{ jobUuid: job.uuid, reason: 'user asked' }]);
    expect(fake.statusesOf(job.uuid)).toEqual(['received', 'accepted', 'cancelled']);
  });

  it('reconnects after the facilitator restarts or drops it, delivers statuses produced meanwhile, and later jobs run', async () => {
    const first = await startFake();
    const port = first.port;
    const { client, submitter } = startClient(first);
    submitter.autoRun = false;
    await connected(first);
    const job = signedJob(TEST_WALLETS.user);
    first.send(job);
    await statusesReach(first, job.uuid, 'received');

    await first.close();
    await waitFor(() => !client.state.connected, { what: 'the client noticed the restart' });
    const attemptsWhenDown = client.state.attempts;
    await submitter.publish(job.uuid, 'accepted');
    await submitter.publish(job.uuid, 'executor_ready');
    await waitFor(() => client.state.pendingUpdates === 2, { what: 'two updates queued while disconnected' });
    // It keeps dialling, with backoff, while nobody listens.
    await waitFor(() => client.state.attempts >= attemptsWhenDown + 3, { what: 'more dial attempts', timeoutMs: 3_000 });
    expect(client.state.lastError).toBe('CONNECT_FAILED');

    const second = await startFake({ port });
    await connected(second);
    await statusesReach(second, job.uuid, 'executor_ready');
    expect(second.statusesOf(job.uuid)).toEqual(['accepted', 'executor_ready']);
    await submitter.publish(job.uuid, 'completed');
    await statusesReach(second, job.uuid, 'completed');
    await waitFor(() => client.state.pendingUpdates === 0, { what: 'every update acknowledged' });

    submitter.autoRun = true;
    const later = signedJob(TEST_WALLETS.user);
    second.send(later);
    await statusesReach(second, later.uuid, 'completed');

    second.dropConnections();
    await waitFor(() => second.headers.length === 2 && second.connectedValidators === 1, { what: 'the client reconnected after the drop' });
    const afterDrop = signedJob(TEST_WALLETS.user);
    second.send(afterDrop);
    await statusesReach(second, afterDrop.uuid, 'completed');
    expect(second.statusesOf(afterDrop.uuid)).toEqual(['received', ...SUCCESS_STATUSES]);
  });

  it('waits the longer refused delay when the facilitator refuses it (3001)', async () => {
    const fake = await startFake({ refuse: true });
    const { client } = startClient(fake);
    await waitFor(() => fake.authentications.length >= 3, { what: 'three refused attempts', timeoutMs: 5_000 });
    const [a, b, c] = fake.authentications.map((auth) => auth.at);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(450);
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(450);
    expect(client.state.lastError).toBe('AUTH_REFUSED');
    expect(client.state.connected).toBe(false);
  });

  it('gives up waiting for an unanswered authentication and dials again', async () => {
    const fake = await startFake({ silent: true });
    const { client } = startClient(fake, { authTimeoutMs: 200 });
    await waitFor(() => fake.authentications.length >= 2, { what: 'a second attempt', timeoutMs: 3_000 });
    const [a, b] = fake.authentications.map((auth) => auth.at);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(200);
    expect(client.state.lastError).toBe('AUTH_TIMEOUT');
  });

  it('checks a cheat report without answering it, logs one summary per connection and never the job env', async () => {
    const { logger: captured, lines } = captureLogs();
    const fake = await startFake();
    const { submitter } = startClient(fake, { logger: captured });
    await connected(fake);
    const secret = 'env-secret-4242';
    const job = signedJob(TEST_WALLETS.user, { env: { TOKEN: secret } });
    fake.send(job);
    await statusesReach(fake, job.uuid, 'completed');

    const report = { job_uuid: job.uuid, trusted_job_uuid: randomUUID(), details: { expected: 'a', got: 'b' } };
    fake.send({ message_type: 'V0JobCheated', ...report, signature: signRequest(TEST_WALLETS.user, report, 'FullRequest') });
    const cheated = await waitFor(() => lines.find((line) => line.msg === 'job reported as cheated'), { what: 'the cheat report logged' });
    expect(cheated).toMatchObject({ jobUuid: job.uuid, signatureValid: true, allowed: true });
    expect(fake.updates).toHaveLength(1 + SUCCESS_STATUSES.length);
    expect(submitter.cancelled).toEqual([]);

    fake.dropConnections();
    await waitFor(() => fake.headers.length === 2 && fake.connectedValidators === 1, { what: 'the client reconnected' });
    const summaries = lines.filter((line) => line.msg === 'facilitator connection ended');
    expect(summaries).toEqual([expect.objectContaining({ outcome: 'lost', close_code: 1012, duration_ms: expect.any(Number) })]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('refuses a facilitator URL that is not ws:// or wss://', () => {
    const options = { hotkey: TEST_WALLETS.validator, validatorVersion: '1', runnerVersion: '1', submitter: new BusSubmitter(bus), signers: new SetSignerPolicy(), statuses: bus, logger };
    for (const url of ['http://127.0.0.1/ws/v0/', 'not a url']) {
      expect(() => new FacilitatorClient({ url, ...options })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
  });

  it('keeps dialling when the server answers HTTP instead of upgrading', async () => {
    const fake = await startFake();
    const { client } = startClient(fake, { url: fake.url.replace('/ws/v0/', '/not-a-socket/') });
    await waitFor(() => client.state.attempts >= 3, { what: 'three attempts', timeoutMs: 3_000 });
    expect(client.state.lastError).toBe('CONNECT_FAILED');
    expect(fake.authentications).toEqual([]);
  });

  it('backs off 1x, 2x, 4x, up to the maximum, while nobody listens', async () => {
    const fake = await startFake();
    const url = fake.url;
    await fake.close();
    const { logger: captured, lines } = captureLogs();
    startClient(fake, { url, logger: captured });
    const delays = () => lines.filter((line) => line.msg === 'dialling the facilitator again after a pause').map((line) => line.delay_ms);
    await waitFor(() => delays().length >= 6, { what: 'six pauses', timeoutMs: 3_000 });
    expect(delays().slice(0, 6)).toEqual([20, 40, 80, 100, 100, 100]);
  });
});
