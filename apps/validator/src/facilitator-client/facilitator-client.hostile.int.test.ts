import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, ready } from '@horde/hotkey';
import { createLogger } from '@horde/service';
import { isolatedRedis, waitFor } from '@horde/testkit';
import { JobStatusBus } from '../services/job-status-bus';
import { FacilitatorClient } from './facilitator-client';
import { FakeFacilitator } from './test-support/fake-facilitator';
import { hostileFrames } from './test-support/hostile-frames';
import { BusSubmitter, SUCCESS_STATUSES, SetSignerPolicy, signedJob } from './test-support/jobs';

const logger = createLogger({ name: 'facilitator-client-hostile-test', level: 'silent' });
const redis = isolatedRedis();
const connections: Redis[] = [];
let bus: JobStatusBus;

beforeAll(async () => {
  await ready();
  connections.push(new Redis(redis.bullConnection), new Redis(redis.bullConnection));
  bus = new JobStatusBus(connections[0] as Redis, connections[1] as Redis, `${redis.prefix}bus`);
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.quit()));
  await redis.cleanup();
});

describe('FacilitatorClient against a hostile facilitator', () => {
  it('survives 500 generated hostile frames on one connection and still runs jobs', { timeout: 60_000 }, async () => {
    const fake = await FakeFacilitator.start({ logger });
    const submitter = new BusSubmitter(bus);
    const signers = new SetSignerPolicy();
    signers.allowed.add(TEST_WALLETS.user.address);
    const client = new FacilitatorClient({
      url: fake.url,
      hotkey: TEST_WALLETS.validator,
      validatorVersion: '1',
      runnerVersion: '1',
      submitter,
      signers,
      statuses: bus,
      logger,
      backoff: { initialMs: 20, maxMs: 100, refusedMs: 500, jitter: 0 },
    });
    try {
      client.start();
      await waitFor(() => fake.connectedValidators === 1, { what: 'the validator connected' });
      const frames = hostileFrames(500);
      expect(frames).toHaveLength(500);
      for (const frame of frames) fake.sendRaw(frame);

      // Frames are handled in order: once this job completes, every hostile frame was handled.
      const job = signedJob(TEST_WALLETS.user);
      fake.send(job);
      await waitFor(() => fake.statusesOf(job.uuid).includes('completed'), { what: 'the job after the hostile frames completed', timeoutMs: 30_000 });
      expect(fake.statusesOf(job.uuid)).toEqual(['received', ...SUCCESS_STATUSES]);
      expect(submitter.submitted.map((request) => request.uuid)).toEqual([job.uuid]);
      // Forged signatures were answered with a rejection, and the connection never dropped.
      expect(fake.updates.filter((update) => update.status === 'rejected').length).toBeGreaterThanOrEqual(40);
      expect(fake.headers).toHaveLength(1);
      expect(client.state.connected).toBe(true);
    } finally {
      await client.stop();
      await fake.close();
    }
  });
});
