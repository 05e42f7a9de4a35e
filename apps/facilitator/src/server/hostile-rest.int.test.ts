import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDockerSignedPayload, signRequest, signatureToHeaders, TEST_WALLETS } from '@horde/hotkey';
import { useTestDatabase } from '@horde/testkit/vitest';
import { facilitatorTemplate, jobBody, login, startFacilitator, submitJob, testRedis } from '../test-support/harness';
import type { TestFacilitator } from '../test-support/harness';

const database = useTestDatabase({ template: facilitatorTemplate });
const redis = testRedis();
let fac: TestFacilitator;
let token: string;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  fac = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix, bodyLimit: 64 * 1024, rateLimit: { max: 100_000, windowMs: 60_000 } });
  token = await login(fac.baseUrl);
  await fac.connectValidator();
});
afterAll(async () => {
  await fac?.close();
  await redis.cleanup();
});

interface Call {
  readonly method?: string;
  readonly path: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly auth?: boolean;
}

async function call({ method = 'GET', path, body, headers = {}, auth = true }: Call): Promise<{ status: number; code: string | undefined }> {
  const response = await fetch(`${fac.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(auth ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.status, code };
}

describe('hostile input on every REST route gets a typed 4xx', () => {
  it('login: bad JSON, wrong types, missing fields, huge bodies, wrong media type', async () => {
    expect(await call({ method: 'POST', path: '/auth/login', body: '{"hotkey":' })).toMatchObject({ status: 400 });
    expect(await call({ method: 'POST', path: '/auth/login', body: JSON.stringify({ hotkey: 5, nonce: [], signature: null }) })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await call({ method: 'POST', path: '/auth/login', body: '{}' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await call({ method: 'POST', path: '/auth/login', body: JSON.stringify({ hotkey: 'x'.repeat(100_000) }) })).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await call({ method: 'POST', path: '/auth/login', body: 'hotkey=a', headers: { 'content-type': 'text/plain' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await call({ method: 'POST', path: '/auth/login', body: 'x', headers: { 'content-type': 'application/x-unknown' } })).toMatchObject({ status: 415 });
    expect(await call({ method: 'POST', path: '/auth/login', body: JSON.stringify({ hotkey: 'a', nonce: 'a:b:c', signature: 'zz' }) })).toEqual({ status: 401, code: 'AUTH_NONCE_INVALID' });
  });

  it('job-docker: no token, wrong types, missing or bad signatures, another signatory, huge bodies', async () => {
    expect(await call({ method: 'POST', path: '/api/v1/job-docker/', body: JSON.stringify(jobBody()), auth: false })).toEqual({ status: 401, code: 'AUTH_TOKEN_MISSING' });
    for (const broken of [{ args: 'echo' }, { env: { A: 1 } }, { execution_time_limit: -1 }, { volumes: [{ volume_type: 'nope' }] }, { docker_image: '' }, { execution_time_limit: '10' }]) {
      const { response, body } = await submitJob(fac.baseUrl, token, jobBody(undefined, broken));
      expect({ status: response.status, code: (body.error as { code: string }).code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(await call({ method: 'POST', path: '/api/v1/job-docker/', body: JSON.stringify(jobBody()) })).toEqual({ status: 400, code: 'REQUEST_SIGNATURE_MISSING' });
    const badTimestamp = { 'x-ch-signature-type': 'bittensor', 'x-ch-signatory': TEST_WALLETS.user.address, 'x-ch-timestamp-ns': 'soon', 'x-ch-signature': 'AAAA' };
    expect(await call({ method: 'POST', path: '/api/v1/job-docker/', body: JSON.stringify(jobBody()), headers: badTimestamp })).toEqual({ status: 400, code: 'REQUEST_SIGNATURE_MISSING' });

    const body = jobBody();
    const other = signatureToHeaders(signRequest(TEST_WALLETS.user, jobDockerSignedPayload(jobBody(undefined, { docker_image: 'evil' }))));
    expect(await call({ method: 'POST', path: '/api/v1/job-docker/', body: JSON.stringify(body), headers: other })).toEqual({ status: 400, code: 'REQUEST_SIGNATURE_INVALID' });
    const garbled = { ...signatureToHeaders(signRequest(TEST_WALLETS.user, jobDockerSignedPayload(body))), 'X-CH-Signature': '!!!not base64' };
    expect(await call({ method: 'POST', path: '/api/v1/job-docker/', body: JSON.stringify(body), headers: garbled })).toEqual({ status: 400, code: 'REQUEST_SIGNATURE_INVALID' });
    const foreign = signatureToHeaders(signRequest(TEST_WALLETS.user2, jobDockerSignedPayload(body)));
    expect(await call({ method: 'POST', path: '/api/v1/job-docker/', body: JSON.stringify(body), headers: foreign })).toEqual({ status: 403, code: 'REQUEST_SIGNATORY_MISMATCH' });
    expect(await call({ method: 'POST', path: '/api/v1/job-docker/', body: JSON.stringify(jobBody(undefined, { args: ['x'.repeat(70_000)] })) })).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('job, events, cancel and list routes: bad uuids, unknown jobs, bad queries, bad bodies, no token', async () => {
    for (const path of ['/api/v1/jobs/not-a-uuid/', '/api/v1/jobs/..%2F..%2Fetc/', `/api/v1/jobs/${UNKNOWN}x/`, '/api/v1/jobs/not-a-uuid/events']) {
      expect(await call({ path })).toEqual({ status: 400, code: 'JOB_UUID_INVALID' });
    }
    expect(await call({ method: 'POST', path: '/api/v1/jobs/1/cancel' })).toEqual({ status: 400, code: 'JOB_UUID_INVALID' });
    expect(await call({ path: `/api/v1/jobs/${UNKNOWN}/` })).toEqual({ status: 404, code: 'JOB_NOT_FOUND' });
    expect(await call({ path: `/api/v1/jobs/${UNKNOWN}/events` })).toEqual({ status: 404, code: 'JOB_NOT_FOUND' });
    expect(await call({ method: 'POST', path: `/api/v1/jobs/${UNKNOWN}/cancel` })).toEqual({ status: 404, code: 'JOB_NOT_FOUND' });
    expect(await call({ method: 'POST', path: `/api/v1/jobs/${UNKNOWN}/cancel`, body: JSON.stringify({ reason: 5 }) })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    for (const query of ['page=abc', 'page=0', 'page_size=257', 'page_size=-3', 'uuid=nope', 'page=1e400']) {
      expect(await call({ path: `/api/v1/jobs/?${query}` })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    for (const path of ['/api/v1/jobs/', `/api/v1/jobs/${UNKNOWN}/`, `/api/v1/jobs/${UNKNOWN}/events`, '/api/v1/validators']) {
      expect(await call({ path, auth: false })).toEqual({ status: 401, code: 'AUTH_TOKEN_MISSING' });
    }
    expect(await call({ path: `/api/v1/jobs/${UNKNOWN}/events?access_token=garbage`, auth: false })).toEqual({ status: 401, code: 'AUTH_TOKEN_INVALID' });
    expect(await call({ path: '/api/v1/nothing-here' })).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('random JSON bodies never make a 5xx', async () => {
    const bodies = fc.sample(fc.oneof(fc.json({ maxDepth: 3 }), fc.record({ ...Object.fromEntries(Object.keys(jobBody()).map((k) => [k, fc.jsonValue({ maxDepth: 2 })])) }).map((v) => JSON.stringify(v))), { numRuns: 150, seed: 7 });
    for (const body of bodies) {
      for (const path of ['/api/v1/job-docker/', '/auth/login', `/api/v1/jobs/${UNKNOWN}/cancel`]) {
        const { status } = await call({ method: 'POST', path, body });
        expect(status, `${path} ${body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(status, `${path} ${body.slice(0, 200)}`).toBeLessThan(500);
      }
    }
  });

  it('publishes its OpenAPI document', async () => {
    const response = await fetch(`${fac.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/nonce', '/auth/login', '/api/v1/job-docker/', '/api/v1/jobs/', '/api/v1/jobs/{uuid}/', '/api/v1/jobs/{uuid}/events', '/api/v1/jobs/{uuid}/cancel', '/api/v1/validators']));
  });
});

describe('rate limits', () => {
  it('answers 429 once a caller exceeds its budget', async () => {
    const limited = await startFacilitator({ databaseUrl: database.url, redisPrefix: `${redis.prefix}limited:`, rateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await fetch(`${limited.baseUrl}/auth/nonce`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = (await (await fetch(`${limited.baseUrl}/auth/nonce`)).json()) as { error: { code: string; retryable: boolean } };
      expect(refused.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect((await fetch(`${limited.baseUrl}/health`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
