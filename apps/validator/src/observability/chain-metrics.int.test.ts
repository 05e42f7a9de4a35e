import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainClient, createDevchain } from '@horde/chain';
import { TEST_WALLETS, testColdkey } from '@horde/testkit';
import { sampleValue } from '@horde/service';
import { MinerSync } from '../services/miner-sync';
import { logger, startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';

/*
 * The chain metrics of the validator, scraped from its /metrics: a miners sync against a real
 * devchain sets the last block seen and the last success time; once the devchain is gone a sync
 * counts as chain_error and the success time stays.
 */
const NETUID = 12;

let validator: TestValidator;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  validator = await startTestValidator({ worker: false });
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  await validator?.close();
});

const scrape = async (): Promise<string> => (await fetch(`${validator.url}/metrics`)).text();

describe('validator chain metrics', () => {
  it('follow miners syncs: block seen, success time and age, chain errors', async () => {
    const devchain = await createDevchain({
      subnet: { netuid: NETUID, tempo: 10, neurons: [{ hotkey: TEST_WALLETS.validator.address, coldkey: testColdkey('validator').address, stake: 1000, validator_permit: true }] },
      blockTimeMs: 100,
    });
    let devchainOpen = true;
    const chain = await createChainClient({ endpoint: devchain.url, retry: { attempts: 1, timeoutMs: 2_000 } });
    cleanups.push(async () => {
      await chain.close();
      if (devchainOpen) await devchain.close();
    });
    const sync = new MinerSync({ chain, netuid: NETUID, miners: validator.app.miners, logger, intervalMs: 60_000, metrics: validator.app.metrics });

    const before = Date.now() / 1000;
    const synced = await sync.syncOnce();
    expect(synced).toBeDefined();
    let text = await scrape();
    expect(sampleValue(text, 'horde_validator_chain_block')).toBe(synced!.block);
    expect(sampleValue(text, 'horde_validator_miners_sync_total', { outcome: 'ok' })).toBe(1);
    const lastSuccess = sampleValue(text, 'horde_validator_miners_sync_last_success_timestamp_seconds')!;
    expect(lastSuccess).toBeGreaterThanOrEqual(Math.floor(before));
    expect(sampleValue(text, 'horde_validator_miners_sync_age_seconds')).toBeGreaterThanOrEqual(0);

    await devchain.close();
    devchainOpen = false;
    expect(await sync.syncOnce()).toBeUndefined();
    text = await scrape();
    expect(sampleValue(text, 'horde_validator_miners_sync_total', { outcome: 'chain_error' })).toBe(1);
    expect(sampleValue(text, 'horde_validator_miners_sync_last_success_timestamp_seconds')).toBe(lastSuccess);
  }, 60_000);
});
