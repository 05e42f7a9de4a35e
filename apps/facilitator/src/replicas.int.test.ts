import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, withTimeout } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { facilitatorTemplate, jobBody, login, startFacilitator, submitJob, testRedis } from './test-support/harness';
import type { TestFacilitator } from './test-support/harness';
import { openSse } from './test-support/sse';

const database = useTestDatabase({ template: facilitatorTemplate });
const redis = testRedis();
let a: TestFacilitator;
let b: TestFacilitator;

beforeAll(async () => {
  a = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix });
  b = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis.cleanup();
});

describe('two replicas on one database and one Redis', () => {
  it('a job posted to replica B reaches the validator on replica A, and its statuses reach an SSE stream on B', async () => {
    const validator = await a.connectValidator({ features: ['cancel'] });
    const token = await login(a.baseUrl); // a token of one replica opens the other
    const created = await submitJob(b.baseUrl, token, jobBody());
    expect(created.response.status).toBe(201);
    const uuid = created.body.uuid as string;
    const request = await validator.nextOfType('V2JobRequest');
    expect(request.uuid).toBe(uuid);

    const sse = await openSse(`${b.baseUrl}/api/v1/jobs/${uuid}/events`, { authorization: `Bearer ${token}` });
    await sse.take(1);
    validator.send({ message_type: 'V0JobStatusUpdate', uuid, status: 'accepted' });
    expect(await validator.nextResponse()).toMatchObject({ status: 'success' });
    const [, accepted] = await sse.take(2);
    expect(JSON.parse(accepted!.data)).toMatchObject({ status: 'accepted' });

    // Cancel through B reaches A's validator too.
    const cancel = await fetch(`${b.baseUrl}/api/v1/jobs/${uuid}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(cancel.status).toBe(202);
    expect((await validator.nextOfType('HordeJobCancelRequest')).job_uuid).toBe(uuid);
    validator.send({ message_type: 'V0JobStatusUpdate', uuid, status: 'cancelled' });
    await sse.ended;
    expect(sse.events.map((e) => (JSON.parse(e.data) as { status: string }).status)).toEqual(['sent', 'accepted', 'cancelled']);

    // Once the validator left, neither replica can place a job with it.
    await validator.close();
    await waitFor(
      async () => {
        const response = await fetch(`${b.baseUrl}/api/v1/validators`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { results: Array<{ connected: boolean }> };
        return body.results.length === 1 && !body.results[0]!.connected;
      },
      { what: 'the validator shown disconnected' },
    );
    const refused = await submitJob(b.baseUrl, token, jobBody());
    expect(refused.response.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'VALIDATOR_NOT_CONNECTED' } });
  });

  it('a replica shutting down ends its SSE streams and closes its validators with 1012; the other replica carries on', async () => {
    const c = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix });
    const validator = await c.connectValidator();
    const token = await login(a.baseUrl);
    const created = await submitJob(a.baseUrl, token, jobBody());
    expect(created.response.status).toBe(201);
    const sse = await openSse(`${c.baseUrl}/api/v1/jobs/${created.body.uuid as string}/events`, { authorization: `Bearer ${token}` });
    await sse.take(1);
    await withTimeout(c.close(), 5000, 'replica close');
    await withTimeout(sse.ended, 1000, 'SSE end');
    expect((await validator.closed).code).toBe(1012);
    const after = await fetch(`${a.baseUrl}/api/v1/jobs/${created.body.uuid as string}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await after.json()) as { status: string }).status).toBe('sent');
  });
});
