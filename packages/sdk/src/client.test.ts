import { jobDockerSignedPayload, ready, signatureFromHeaders, verifyRequestSignature } from '@horde/hotkey';
import type { JobDockerSignedBody } from '@horde/hotkey';
import { TEST_WALLETS } from '@horde/testkit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HordeClient } from './client';
import { sdkErrors } from './errors';
import { startFakeFacilitator } from './test-support/fake-facilitator';
import type { FakeFacilitator, FakeFacilitatorOptions } from './test-support/fake-facilitator';
import { httpOutput, httpVolume, huggingfaceVolume, inlineVolume } from './volumes';

const user = TEST_WALLETS.user;
const FAST_RETRY = { initialMs: 5, maxMs: 20 };

let fake: FakeFacilitator | undefined;
beforeAll(() => ready());
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: Partial<FakeFacilitatorOptions> = {}) {
  fake = await startFakeFacilitator({ whitelist: [user.address], ...options });
  const client = new HordeClient({ facilitatorUrl: fake.url, hotkey: user, validatorHotkey: TEST_WALLETS.validator.address, httpRetry: FAST_RETRY });
  return { fake, client };
}

describe('login', () => {
  it('logs in with a signed nonce and logs in again once when the token has expired', async () => {
    const { fake, client } = await setup();
    await client.createJob({ docker_image: 'alpine' });
    expect(fake.logins).toEqual([user.address]);
    fake.expireTokens();
    const page = await client.listJobs();
    expect(page.count).toBe(1);
    expect(fake.logins).toEqual([user.address, user.address]);
  });

  it('a hotkey the facilitator refuses gets AUTH_FAILED', async () => {
    const { fake } = await setup({ whitelist: [] });
    const client = new HordeClient({ facilitatorUrl: fake.url, hotkey: user, validatorHotkey: 'v' });
    await expect(client.listJobs()).rejects.toSatisfy((err) => sdkErrors.is(err, 'AUTH_FAILED'));
  });
});

describe('createJob', () => {
  it('sends X-CH-* headers that verify over the body it sent', async () => {
    const { fake, client } = await setup();
    const job = await client.createJob({
      docker_image: 'alpine',
      args: ['echo', 'hi'],
      env: { GREETING: 'héllo' },
      artifacts_dir: '/artifacts',
      input_volumes: {
        '/volume/data': inlineVolume.fromFiles({ 'a.txt': 'A' }),
        '/volume/model.bin': httpVolume('https://example.com/model.bin'),
        '/volume/hf': huggingfaceVolume({ repoId: 'org/model', allowPatterns: ['*.json'] }),
      },
      output_volumes: { '/output/result.txt': httpOutput({ method: 'PUT', url: 'https://s3/put', signedHeaders: { 'x-amz-acl': 'private' } }) },
    });
    expect(job.status).toBe('sent');
    const request = fake.server.requests.find((r) => r.url === '/api/v1/job-docker/');
    const body = JSON.parse(request!.body.toString()) as JobDockerSignedBody & Record<string, unknown>;
    const signature = signatureFromHeaders(request!.headers);
    expect(signature).toMatchObject({ signature_type: 'bittensor', signatory: user.address, signature_scope: 'SignedFields' });
    expect(verifyRequestSignature(signature!, jobDockerSignedPayload(body))).toBe(true);
    expect(body.target_validator_hotkey).toBe(TEST_WALLETS.validator.address);
    expect(body.volumes).toEqual([
      { volume_type: 'inline', contents: expect.any(String), relative_path: 'data' },
      { volume_type: 'single_file', url: 'https://example.com/model.bin', relative_path: 'model.bin' },
      { volume_type: 'huggingface_volume', repo_id: 'org/model', repo_type: null, revision: null, relative_path: 'hf', allow_patterns: ['*.json'], token: null },
    ]);
    expect(body.uploads).toEqual([{ output_upload_type: 'single_file_put', url: 'https://s3/put', relative_path: 'result.txt', signed_headers: { 'x-amz-acl': 'private' } }]);
  });

  it('refuses a spec with a volume outside /volume/ before sending anything', async () => {
    const { fake, client } = await setup();
    await expect(client.createJob({ docker_image: 'alpine', input_volumes: { '/data': httpVolume('https://x') } })).rejects.toSatisfy((err) =>
      sdkErrors.is(err, 'JOB_SPEC_INVALID'),
    );
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('HTTP retries', () => {
  it('retries 503 answers and succeeds', async () => {
    const { fake, client } = await setup();
    fake.failNext('/api/v1/jobs/', 3, 503);
    const page = await client.listJobs();
    expect(page.count).toBe(0);
    expect(fake.server.requests.filter((r) => r.url.startsWith('/api/v1/jobs/'))).toHaveLength(4);
  });

  it('gives up after 5 attempts with FACILITATOR_UNAVAILABLE', async () => {
    const { fake, client } = await setup();
    fake.failNext('/api/v1/jobs/', 10, 503);
    await expect(client.listJobs()).rejects.toSatisfy((err) => sdkErrors.is(err, 'FACILITATOR_UNAVAILABLE'));
    expect(fake.server.requests.filter((r) => r.url.startsWith('/api/v1/jobs/'))).toHaveLength(5);
  });

  it('retries connection errors, then reports them typed', async () => {
    const { fake } = await setup();
    const url = fake.url;
    await fake.close();
    const client = new HordeClient({ facilitatorUrl: url, hotkey: user, validatorHotkey: 'v', httpRetry: FAST_RETRY });
    await expect(client.getJob('x')).rejects.toSatisfy((err) => sdkErrors.is(err, 'FACILITATOR_UNAVAILABLE') && err.cause !== undefined);
  });

  it('does not retry a 4xx: an unknown job is NOT_FOUND at once', async () => {
    const { fake, client } = await setup();
    await expect(client.getJob('nope')).rejects.toSatisfy((err) => sdkErrors.is(err, 'NOT_FOUND'));
    expect(fake.server.requests.filter((r) => r.url.startsWith('/api/v1/jobs/'))).toHaveLength(1);
  });
});

describe('listing and cancel', () => {
  it('iterJobs walks every page and cancelJob ends a job cancelled', async () => {
    const { client } = await setup();
    const created = [];
    for (let i = 0; i < 3; i += 1) created.push((await client.createJob({ docker_image: 'alpine' })).uuid);
    const seen = [];
    for await (const job of client.iterJobs({ pageSize: 2 })) seen.push(job.uuid);
    expect(seen).toEqual(created);
    await client.cancelJob(created[0]!);
    const job = await client.getJob(created[0]!);
    expect(job.status).toBe('cancelled');
    expect(job.error).toEqual({ kind: 'cancelled' });
  });
});
