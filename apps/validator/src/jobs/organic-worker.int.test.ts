import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@horde/testkit';
import { redisPrefix, startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';
import { validatorErrors } from '../errors';
import { ORGANIC_QUEUE } from './catalog';
import { OrganicQueue } from './organic-queue';

/* The worker's guards: jobs already ended are skipped, invalid payloads fail their job with a reason. */
let validator: TestValidator;
let queue: OrganicQueue;
let raw: Queue;

beforeAll(async () => {
  validator = await startTestValidator();
  const connection = { connection: validator.redis.bullConnection, prefix: `${redisPrefix(validator.redis)}:bull` };
  queue = new OrganicQueue(connection);
  raw = new Queue(ORGANIC_QUEUE, connection);
}, 60_000);

afterAll(async () => {
  await queue?.close();
  await raw?.close();
  await validator?.close();
});

const request = (uuid: string) => ({ uuid, executor_class: 'always_on.test', docker_image: 'busybox', download_time_limit: 1, execution_time_limit: 1, upload_time_limit: 1, source: 'admin' as const });

describe('organic-jobs worker', () => {
  it('skips a queued job that has already ended (idempotent processing)', async () => {
    const uuid = randomUUID();
    await validator.app.jobs.insert({ jobUuid: uuid, source: 'admin', executorClass: 'always_on.test', image: 'busybox', status: 'COMPLETED', lastStatus: 'completed', request: {} });
    const watched = await validator.watch(uuid);
    await queue.enqueue(request(uuid));
    await waitFor(async () => (await queue.state(uuid)) === 'missing', { what: 'job processed and removed', timeoutMs: 10_000 });
    expect(watched.statuses).toEqual([]);
    expect(await validator.app.jobs.history(uuid)).toEqual([]);
    expect(await validator.app.jobs.get(uuid)).toMatchObject({ status: 'COMPLETED', lastStatus: 'completed' });
  });

  it('fails the job of an invalid payload with the reason, and publishes it', async () => {
    const uuid = randomUUID();
    await validator.app.jobs.insert({ jobUuid: uuid, source: 'admin', executorClass: 'always_on.test', image: 'busybox', lastStatus: 'received', request: {} });
    const watched = await validator.watch(uuid);
    await raw.add('organic-job', { uuid, docker_image: 42 }, { jobId: uuid, attempts: 1 });
    const final = await watched.ended;
    expect(final).toMatchObject({ status: 'horde_failed', metadata: { horde_failure_details: { reason: 'unhandled_exception' } } });
    expect(final.metadata?.horde_failure_details?.message).toContain('Queue job payload is invalid');
    expect(await validator.app.jobs.get(uuid)).toMatchObject({ status: 'FAILED' });
  });

  it('refuses to enqueue an invalid payload', async () => {
    const error = await queue.enqueue({ ...request(randomUUID()), execution_time_limit: 0 }).catch((err: unknown) => err);
    expect(validatorErrors.is(error, 'QUEUE_PAYLOAD_INVALID')).toBe(true);
  });
});
