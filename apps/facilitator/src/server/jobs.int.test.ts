import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobDockerSignedPayload, TEST_WALLETS, v2JobSignedPayload, verifyRequestSignature } from '@horde/hotkey';
import { useTestDatabase } from '@horde/testkit/vitest';
import { facilitatorTemplate, jobBody, login, startFacilitator, submitJob, testRedis } from '../test-support/harness';
import type { TestFacilitator } from '../test-support/harness';
import { openSse } from '../test-support/sse';
import type { ValidatorClient } from '../test-support/validator-client';
import { MASKED_ENV_VALUE } from './job-view';

const database = useTestDatabase({ template: facilitatorTemplate });
const redis = testRedis();
let fac: TestFacilitator;
let token: string;
const validators: ValidatorClient[] = [];

beforeAll(async () => {
  fac = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix });
  token = await login(fac.baseUrl);
});
afterEach(async () => {
  await Promise.all(validators.splice(0).map((v) => v.close()));
});
afterAll(async () => {
  await fac?.close();
  await redis.cleanup();
});

async function validator(options: Parameters<TestFacilitator['connectValidator']>[0] = {}): Promise<ValidatorClient> {
  const client = await fac.connectValidator(options);
  validators.push(client);
  return client;
}

async function getJob(uuid: string, path = '') {
  const response = await fetch(`${fac.baseUrl}/api/v1/jobs/${uuid}/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('jobs', () => {
  it('a signed job reaches its validator with the same signature; statuses show in GET and on SSE, in order', async () => {
    const v = await validator();
    const body = jobBody();
    const created = await submitJob(fac.baseUrl, token, body);
    expect(created.response.status).toBe(201);
    const uuid = created.body.uuid as string;
    expect(created.body).toMatchObject({ status: 'sent', env: { SECRET_TOKEN: MASKED_ENV_VALUE }, target_validator_hotkey: TEST_WALLETS.validator.address, tag: 'test' });

    const request = await v.nextOfType('V2JobRequest');
    expect(request).toMatchObject({ uuid, docker_image: 'busybox:latest', env: { SECRET_TOKEN: 'do-not-store-me' }, args: body.args });
    expect(request.signature).toEqual({ ...created.signature });
    // What the validator re-derives verifies, and equals what the user signed.
    expect(v2JobSignedPayload(request)).toBe(jobDockerSignedPayload(body));
    expect(verifyRequestSignature(request.signature!, v2JobSignedPayload(request))).toBe(true);

    const sse = await openSse(`${fac.baseUrl}/api/v1/jobs/${uuid}/events`, { authorization: `Bearer ${token}` });
    expect(sse.status).toBe(200);
    const statuses = ['received', 'accepted', 'executor_ready', 'volumes_ready', 'execution_done'] as const;
    for (const status of statuses) {
      v.send({ message_type: 'V0JobStatusUpdate', uuid, status, metadata: null });
      expect(await v.nextResponse()).toEqual({ status: 'success', errors: [] });
    }
    const result = { docker_process_stdout: 'hi\n', docker_process_stderr: '', artifacts: { '/artifacts/a.txt': 'YQ==' }, upload_results: {} };
    v.send({ message_type: 'V0JobStatusUpdate', uuid, status: 'completed', metadata: { miner_response: result } });
    expect(await v.nextResponse()).toMatchObject({ status: 'success' });

    const events = await sse.take(7);
    await sse.ended;
    expect(events.map((e) => e.event)).toEqual(Array(7).fill('status'));
    expect(events.map((e) => (JSON.parse(e.data) as { status: string }).status)).toEqual(['sent', ...statuses, 'completed']);
    const ids = events.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(JSON.parse(events[6]!.data)).toMatchObject({ metadata: { miner_response: result } });

    const job = await getJob(uuid);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ uuid, status: 'completed', stdout: 'hi\n', artifacts: { '/artifacts/a.txt': 'YQ==' }, env: { SECRET_TOKEN: MASKED_ENV_VALUE } });
    expect((job.body.status_history as Array<{ status: string }>).map((s) => s.status)).toEqual(['sent', ...statuses, 'completed']);
    expect(JSON.stringify(job.body)).not.toContain('do-not-store-me');

    // Resuming after the 3rd event replays the rest, then ends (the job is over).
    const resumed = await openSse(`${fac.baseUrl}/api/v1/jobs/${uuid}/events?access_token=${token}`, { 'last-event-id': events[2]!.id! });
    await resumed.ended;
    expect(resumed.events.map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
  });

  it('a repeated status is an integrity error and a foreign or unknown job is not found, as the reference answers', async () => {
    const v = await validator();
    const { body } = await submitJob(fac.baseUrl, token, jobBody());
    const uuid = body.uuid as string;
    await v.nextOfType('V2JobRequest');
    v.send({ message_type: 'V0JobStatusUpdate', uuid, status: 'accepted' });
    expect(await v.nextResponse()).toMatchObject({ status: 'success' });
    v.send({ message_type: 'V0JobStatusUpdate', uuid, status: 'accepted' });
    expect(await v.nextResponse()).toMatchObject({ status: 'error', errors: [{ type: 'job.integrity_error' }] });
    v.send({ message_type: 'V0JobStatusUpdate', uuid: '00000000-0000-4000-8000-000000000000', status: 'accepted' });
    expect(await v.nextResponse()).toMatchObject({ status: 'error', errors: [{ type: 'job.not_found' }] });
    v.send({ message_type: 'V0JobStatusUpdate', uuid: 'not-a-uuid', status: 'accepted' });
    expect(await v.nextResponse()).toMatchObject({ status: 'error', errors: [{ type: 'job.not_found' }] });

    // Another validator cannot report on this job.
    const other = await validator({ key: TEST_WALLETS.validator2 });
    other.send({ message_type: 'V0JobStatusUpdate', uuid, status: 'failed' });
    expect(await other.nextResponse()).toMatchObject({ status: 'error', errors: [{ type: 'job.not_found' }] });
    expect((await getJob(uuid)).body.status).toBe('accepted');
  });

  it('a job for a validator that is not connected is refused with 400 and not kept', async () => {
    const created = await submitJob(fac.baseUrl, token, jobBody(TEST_WALLETS.validator3.address));
    expect(created.response.status).toBe(400);
    expect(created.body).toMatchObject({ error: { code: 'VALIDATOR_NOT_CONNECTED', message: 'Could not select Validator: no heartbeat from ' + TEST_WALLETS.validator3.address } });
    const list = await fetch(`${fac.baseUrl}/api/v1/jobs/?tag=orphan`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { count: number }).count).toBe(0);
  });

  it('cancel is forwarded to a validator that announced it, 409 for one that did not', async () => {
    const able = await validator({ features: ['cancel'] });
    const { body } = await submitJob(fac.baseUrl, token, jobBody());
    const uuid = body.uuid as string;
    await able.nextOfType('V2JobRequest');
    const cancel = await fetch(`${fac.baseUrl}/api/v1/jobs/${uuid}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'changed my mind' }) });
    expect(cancel.status).toBe(202);
    expect(await able.nextOfType('HordeJobCancelRequest')).toEqual({ message_type: 'HordeJobCancelRequest', job_uuid: uuid, reason: 'changed my mind' });
    able.send({ message_type: 'V0JobStatusUpdate', uuid, status: 'cancelled' });
    expect(await able.nextResponse()).toMatchObject({ status: 'success' });
    expect((await getJob(uuid)).body.status).toBe('cancelled');
    const again = await fetch(`${fac.baseUrl}/api/v1/jobs/${uuid}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'JOB_FINISHED' } });

    const unable = await validator({ key: TEST_WALLETS.validator2 });
    const second = await submitJob(fac.baseUrl, token, jobBody(TEST_WALLETS.validator2.address));
    await unable.nextOfType('V2JobRequest');
    const refused = await fetch(`${fac.baseUrl}/api/v1/jobs/${second.body.uuid as string}/cancel/`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'CANCEL_UNSUPPORTED' } });
  });

  it('lists the caller’s jobs page by page, filtered by tag and uuid; other users see none of them', async () => {
    await validator();
    const uuids: string[] = [];
    for (let i = 0; i < 3; i += 1) uuids.push((await submitJob(fac.baseUrl, token, jobBody(undefined, { tag: 'paged' }))).body.uuid as string);
    const page = async (query: string, bearer = token) => {
      const response = await fetch(`${fac.baseUrl}/api/v1/jobs?${query}`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as { count: number; next: string | null; previous: string | null; results: Array<{ uuid: string; status_history: unknown[] }> };
    };
    const first = await page('tag=paged&page_size=2');
    expect(first.count).toBe(3);
    expect(first.results.map((r) => r.uuid)).toEqual([uuids[2], uuids[1]]);
    expect(first.previous).toBeNull();
    expect(first.next).toMatch(/page=2/);
    const second = await page(new URL(first.next!).search.slice(1));
    expect(second.results.map((r) => r.uuid)).toEqual([uuids[0]]);
    expect(second.next).toBeNull();
    expect(second.results[0]!.status_history).toHaveLength(1);
    expect((await page(`uuid=${uuids[1]}`)).results.map((r) => r.uuid)).toEqual([uuids[1]]);

    await fac.database.db.execute(`insert into hotkey_whitelist (hotkey) values ('${TEST_WALLETS.user2.address}')`);
    const stranger = await login(fac.baseUrl, TEST_WALLETS.user2);
    expect((await page('tag=paged', stranger)).count).toBe(0);
    const foreign = await fetch(`${fac.baseUrl}/api/v1/jobs/${uuids[0]}/`, { headers: { authorization: `Bearer ${stranger}` } });
    expect(foreign.status).toBe(404);

    // Removed from the whitelist, a user with a token left can no longer submit.
    await fac.database.db.execute(`delete from hotkey_whitelist where hotkey = '${TEST_WALLETS.user2.address}'`);
    const late = await submitJob(fac.baseUrl, stranger, jobBody(), { key: TEST_WALLETS.user2 });
    expect(late.response.status).toBe(401);
    expect(late.body).toMatchObject({ error: { code: 'AUTH_HOTKEY_NOT_WHITELISTED' } });
  });

  it('lists connected validators with their features', async () => {
    await validator({ features: ['cancel'] });
    const response = await fetch(`${fac.baseUrl}/api/v1/validators`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { results: Array<{ hotkey: string; features: string[]; connected: boolean }> };
    expect(body.results).toContainEqual(expect.objectContaining({ hotkey: TEST_WALLETS.validator.address, features: ['cancel'], connected: true }));
  });
});
