import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '@horde/service';
import { TEST_WALLETS, waitFor } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { facilitatorTemplate, jobBody, login, startFacilitator, submitJob, testRedis } from '../test-support/harness';
import type { TestFacilitator } from '../test-support/harness';
import { openSse } from '../test-support/sse';
import type { ValidatorClient } from '../test-support/validator-client';

/*
 * The facilitator's /metrics and /version as a scraper sees them, after real traffic: a validator
 * connected over the WebSocket channel, a signed job created and completed, its SSE stream opened
 * and ended, and a caller pushed over its rate limit.
 */
const database = useTestDatabase({ template: facilitatorTemplate });
const redis = testRedis();
let fac: TestFacilitator;
let validator: ValidatorClient | undefined;

beforeAll(async () => {
  // Three requests a minute per caller: the login takes two of this IP's, a nonce the third.
  fac = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix, rateLimit: { max: 3, windowMs: 60_000 } });
});
afterAll(async () => {
  await validator?.close();
  await fac?.close();
  await redis.cleanup();
});

const scrape = async (): Promise<string> => (await fetch(`${fac.baseUrl}/metrics`)).text();
const value = (text: string, name: string, labels: Record<string, string> = {}) => sampleValue(text, `horde_facilitator_${name}`, labels);

describe('facilitator metrics', () => {
  it('count created and finished jobs, connected validators, SSE subscribers and rate-limited requests', async () => {
    const token = await login(fac.baseUrl);
    expect(value(await scrape(), 'validators_connected')).toBe(0);
    validator = await fac.connectValidator();
    expect(value(await scrape(), 'validators_connected')).toBe(1);

    const created = await submitJob(fac.baseUrl, token, jobBody());
    expect(created.response.status).toBe(201);
    const uuid = created.body.uuid as string;
    await validator.nextOfType('V2JobRequest');
    const sse = await openSse(`${fac.baseUrl}/api/v1/jobs/${uuid}/events`, { authorization: `Bearer ${token}` });
    expect(value(await scrape(), 'sse_subscribers')).toBe(1);
    validator.send({ message_type: 'V0JobStatusUpdate', uuid, status: 'completed', metadata: null });
    expect(await validator.nextResponse()).toMatchObject({ status: 'success' });
    await sse.ended;
    await waitFor(async () => value(await scrape(), 'sse_subscribers') === 0, { what: 'the SSE stream closed', timeoutMs: 5_000 });

    expect((await fetch(`${fac.baseUrl}/auth/nonce`)).status).toBe(200);
    expect((await fetch(`${fac.baseUrl}/auth/nonce`)).status).toBe(429);

    const text = await scrape();
    expect(value(text, 'jobs_created_total', { executor_class: 'always_on.llm.a6000' })).toBe(1);
    expect(value(text, 'jobs_finished_total', { status: 'completed' })).toBe(1);
    expect(value(text, 'job_duration_seconds_count', { status: 'completed' })).toBe(1);
    expect(value(text, 'rate_limited_requests_total', { route: '/auth/nonce' })).toBe(1);
    expect(text).not.toContain(TEST_WALLETS.validator.address);
    expect(text).not.toContain(uuid);
  });

  it('serves /version with the package version and the cancel feature', async () => {
    const body = await (await fetch(`${fac.baseUrl}/version`)).json();
    expect(body).toMatchObject({ name: '@horde/facilitator', version: '0.1.0', node: process.versions.node, features: ['cancel'] });
  });
});
