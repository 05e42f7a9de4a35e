import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign, TEST_WALLETS } from '@horde/hotkey';
import { useTestDatabase } from '@horde/testkit/vitest';
import { facilitatorTemplate, login, startFacilitator, TEST_SECRET, testRedis } from '../test-support/harness';
import type { TestFacilitator } from '../test-support/harness';

const database = useTestDatabase({ template: facilitatorTemplate });
const redis = testRedis();
let fac: TestFacilitator;

beforeAll(async () => {
  fac = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix });
});
afterAll(async () => {
  await fac?.close();
  await redis.cleanup();
});

async function nonce(): Promise<string> {
  const response = await fetch(`${fac.baseUrl}/auth/nonce/`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { nonce: string }).nonce;
}

async function postLogin(body: unknown) {
  const response = await fetch(`${fac.baseUrl}/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { token?: string; error?: { code: string } } };
}

async function listJobs(authorization?: string) {
  const response = await fetch(`${fac.baseUrl}/api/v1/jobs/`, { headers: authorization === undefined ? {} : { authorization } });
  return { status: response.status, body: (await response.json()) as { count?: number; error?: { code: string } } };
}

describe('login', () => {
  it('a whitelisted hotkey signing a fresh nonce gets a token that opens the API', async () => {
    const value = await nonce();
    const { status, body } = await postLogin({ hotkey: TEST_WALLETS.user.address, nonce: value, signature: sign(TEST_WALLETS.user, value).slice(2) });
    expect(status).toBe(200);
    const jobs = await listJobs(`Bearer ${body.token}`);
    expect(jobs).toEqual({ status: 200, body: { count: 0, next: null, previous: null, results: [] } });
  });

  it('a nonce works once', async () => {
    const value = await nonce();
    const request = { hotkey: TEST_WALLETS.user.address, nonce: value, signature: sign(TEST_WALLETS.user, value) };
    expect((await postLogin(request)).status).toBe(200);
    const replay = await postLogin(request);
    expect(replay).toMatchObject({ status: 401, body: { error: { code: 'AUTH_NONCE_USED' } } });
  });

  it('refuses a wrong signature, a forged nonce and a hotkey that is not whitelisted', async () => {
    const value = await nonce();
    const wrongKey = await postLogin({ hotkey: TEST_WALLETS.user.address, nonce: value, signature: sign(TEST_WALLETS.user2, value) });
    expect(wrongKey).toMatchObject({ status: 401, body: { error: { code: 'AUTH_SIGNATURE_INVALID' } } });
    // The failed attempt did not use the nonce up.
    expect((await postLogin({ hotkey: TEST_WALLETS.user.address, nonce: value, signature: sign(TEST_WALLETS.user, value) })).status).toBe(200);

    const forged = `${'ab'.repeat(16)}:${Math.floor(Date.now() / 1000)}:not-our-mac`;
    const forgedAnswer = await postLogin({ hotkey: TEST_WALLETS.user.address, nonce: forged, signature: sign(TEST_WALLETS.user, forged) });
    expect(forgedAnswer).toMatchObject({ status: 401, body: { error: { code: 'AUTH_NONCE_INVALID' } } });

    const other = await nonce();
    const stranger = await postLogin({ hotkey: TEST_WALLETS.user2.address, nonce: other, signature: sign(TEST_WALLETS.user2, other) });
    expect(stranger).toMatchObject({ status: 401, body: { error: { code: 'AUTH_HOTKEY_NOT_WHITELISTED' } } });
  });

  it('refuses missing, malformed, foreign and expired tokens with typed 401s', async () => {
    expect(await listJobs()).toMatchObject({ status: 401, body: { error: { code: 'AUTH_TOKEN_MISSING' } } });
    expect(await listJobs('Basic abc')).toMatchObject({ status: 401, body: { error: { code: 'AUTH_TOKEN_INVALID' } } });
    expect(await listJobs('Bearer not.a.jwt')).toMatchObject({ status: 401, body: { error: { code: 'AUTH_TOKEN_INVALID' } } });
    const key = new TextEncoder().encode(TEST_SECRET);
    const foreign = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(TEST_WALLETS.user.address).setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-another'));
    expect(await listJobs(`Bearer ${foreign}`)).toMatchObject({ status: 401, body: { error: { code: 'AUTH_TOKEN_INVALID' } } });
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(TEST_WALLETS.user.address).setIssuedAt(now - 7200).setExpirationTime(now - 3600).sign(key);
    expect(await listJobs(`Bearer ${expired}`)).toMatchObject({ status: 401, body: { error: { code: 'AUTH_TOKEN_EXPIRED' } } });
  });

  it('the login helper round-trips', async () => {
    const token = await login(fac.baseUrl);
    expect(token.split('.')).toHaveLength(3);
  });
});
