import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS } from '@horde/hotkey';
import { ValidatorToFacilitatorMessage } from '@horde/protocol';
import { useTestDatabase } from '@horde/testkit/vitest';
import { facilitatorTemplate, jobBody, login, startFacilitator, submitJob, testRedis } from '../test-support/harness';
import type { TestFacilitator } from '../test-support/harness';
import { hostileFrames } from '../test-support/hostile-frames';
import { connectValidatorClient } from '../test-support/validator-client';

const database = useTestDatabase({ template: facilitatorTemplate });
const redis = testRedis();
let fac: TestFacilitator;

beforeAll(async () => {
  fac = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix, authTimeoutMs: 300 });
});
afterAll(async () => {
  await fac?.close();
  await redis.cleanup();
});

describe('validator channel /ws/v0/', () => {
  it('a bad signature gets Response error auth.signature_invalid and close 3000', async () => {
    const client = await connectValidatorClient({ url: fac.wsUrl, key: TEST_WALLETS.validator });
    expect(await client.authenticate({ signWith: TEST_WALLETS.validator2 })).toMatchObject({ status: 'error', errors: [{ type: 'auth.signature_invalid' }] });
    expect((await client.closed).code).toBe(3000);

    const garbage = await connectValidatorClient({ url: fac.wsUrl, key: TEST_WALLETS.validator });
    garbage.send({ message_type: 'V0AuthenticationRequest', public_key: 'zz', signature: '0x00' });
    expect(await garbage.nextResponse()).toMatchObject({ status: 'error', errors: [{ type: 'auth.signature_invalid' }] });
    expect((await garbage.closed).code).toBe(3000);
  });

  it('an unknown or inactive validator gets auth.validator_not_found and close 3001', async () => {
    const client = await connectValidatorClient({ url: fac.wsUrl, key: TEST_WALLETS.validator3 });
    expect(await client.authenticate()).toMatchObject({ status: 'error', errors: [{ type: 'auth.validator_not_found' }] });
    expect((await client.closed).code).toBe(3001);
  });

  it('no authentication in time closes the socket (4003); messages before it are refused', async () => {
    const client = await connectValidatorClient({ url: fac.wsUrl, key: TEST_WALLETS.validator });
    client.send({ message_type: 'V0Heartbeat' });
    expect(await client.nextResponse()).toMatchObject({ status: 'error', errors: [{ type: 'auth.not_authenticated' }] });
    expect((await client.closed).code).toBe(4003);
  });

  it('a second authentication on one connection is refused and the connection stays', async () => {
    const client = await fac.connectValidator();
    expect(await client.authenticate()).toMatchObject({ status: 'error', errors: [{ type: 'auth.already_authenticated' }] });
    client.send({ message_type: 'V0Heartbeat' });
    client.send({ message_type: 'V0JobStatusUpdate', uuid: '00000000-0000-4000-8000-000000000000', status: 'accepted' });
    expect(await client.nextResponse()).toMatchObject({ errors: [{ type: 'job.not_found' }] });
    await client.close();
  });

  it('500 hostile frames get error Responses, the connection and the facilitator keep working', async () => {
    const client = await fac.connectValidator();
    const frames = fc.sample(hostileFrames(ValidatorToFacilitatorMessage), { numRuns: 500, seed: 42 });
    let answered = 0;
    for (const frame of frames) {
      client.sendRaw(frame);
      const response = await client.nextResponse();
      expect(response.status).toBe('error');
      answered += 1;
    }
    expect(answered).toBe(500);
    expect(client.isOpen).toBe(true);

    // The same connection still takes jobs and reports statuses.
    const token = await login(fac.baseUrl);
    const created = await submitJob(fac.baseUrl, token, jobBody());
    expect(created.response.status).toBe(201);
    const request = await client.nextOfType('V2JobRequest');
    client.send({ message_type: 'V0JobStatusUpdate', uuid: request.uuid, status: 'accepted' });
    expect(await client.nextResponse()).toMatchObject({ status: 'success' });
    await client.close();
  });
});
