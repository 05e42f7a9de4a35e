import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, ready } from '@horde/hotkey';
import { sampleValue } from '@horde/service';
import { waitFor } from '@horde/testkit';
import { FacilitatorClient } from '../facilitator-client';
import { FakeFacilitator } from '../facilitator-client/test-support/fake-facilitator';
import { BusSubmitter, SetSignerPolicy } from '../facilitator-client/test-support/jobs';
import { logger, startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';

/*
 * The facilitator client's metrics on the validator's /metrics: connected while authenticated to a
 * (fake, real-socket) facilitator, and one reconnect counted after the facilitator drops it.
 */
let validator: TestValidator;
let fake: FakeFacilitator;
let client: FacilitatorClient | undefined;

beforeAll(async () => {
  await ready();
  validator = await startTestValidator({ worker: false });
  fake = await FakeFacilitator.start({ logger });
});
afterAll(async () => {
  await client?.stop();
  await fake?.close();
  await validator?.close();
});

const scrape = async (): Promise<string> => (await fetch(`${validator.url}/metrics`)).text();

describe('validator facilitator-client metrics', () => {
  it('show the connection and count reconnects', async () => {
    const signers = new SetSignerPolicy();
    const facilitator = new FacilitatorClient({
      url: fake.url,
      hotkey: TEST_WALLETS.validator,
      validatorVersion: '0.1.0',
      runnerVersion: '0.1.0',
      submitter: new BusSubmitter(validator.app.bus),
      signers,
      statuses: validator.app.bus,
      logger,
      backoff: { initialMs: 20, maxMs: 100, refusedMs: 500, jitter: 0 },
      metrics: validator.app.metrics,
    });
    client = facilitator;
    validator.app.metrics.watchFacilitator(() => facilitator.state.connected);
    expect(sampleValue(await scrape(), 'horde_validator_facilitator_connected')).toBe(0);

    facilitator.start();
    await waitFor(async () => sampleValue(await scrape(), 'horde_validator_facilitator_connected') === 1, { what: 'connected', timeoutMs: 5_000 });
    expect(sampleValue(await scrape(), 'horde_validator_facilitator_reconnects_total')).toBe(0);

    fake.dropConnections();
    await waitFor(() => fake.headers.length === 2 && fake.connectedValidators === 1, { what: 'the client reconnected after the drop', timeoutMs: 5_000 });
    await waitFor(async () => sampleValue(await scrape(), 'horde_validator_facilitator_connected') === 1, { what: 'connected again', timeoutMs: 5_000 });
    expect(sampleValue(await scrape(), 'horde_validator_facilitator_reconnects_total')).toBe(1);
  });
});
