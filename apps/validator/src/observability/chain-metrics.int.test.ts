import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainClient, createDevchain } from '@horde/chain';
import { TEST_WALLETS, testColdkey, waitFor } from '@horde/testkit';
import { sampleValue } from '@horde/service';
import { WeightsRepo } from '../db/weights';
import { MinerSync } from '../services/miner-sync';
import type { ScoreSource } from '../services/weights/score-source';
import { WeightSetter } from '../services/weights/weight-setter';
import { logger, startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';

/*
 * The chain metrics of the validator, scraped from its /metrics: a miners sync against a real
 * devchain sets the last block seen and the last success time; once the devchain is gone a sync
 * counts as chain_error and the success time stays. A CR-v2 weight commit counts as done/v2 and
 * its commit is pending reveal until the weight-setting task reveals it.
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

  it('follow weight setting: an attempt by status and mode, commits pending reveal', async () => {
    const { miner } = TEST_WALLETS;
    const devchain = await createDevchain({
      subnet: {
        netuid: NETUID,
        tempo: 10,
        neurons: [
          { hotkey: TEST_WALLETS.validator.address, coldkey: testColdkey('validator').address, stake: 1000, validator_permit: true },
          { hotkey: miner.address, coldkey: testColdkey('miner').address, axon: { ip: '10.0.0.1', port: 8000 } },
        ],
        hyperparameters: { weights_rate_limit: 0, commit_reveal_weights_enabled: true, commit_reveal_period: 1 },
      },
      blockTimeMs: 100,
    });
    const chain = await createChainClient({ endpoint: devchain.url, retry: { attempts: 2, timeoutMs: 5_000 } });
    cleanups.push(async () => {
      await chain.close();
      await devchain.close();
    });
    const scores: ScoreSource = { scores: async () => new Map([[miner.address, 1]]) };
    const db = validator.handle.db;
    const setter = new WeightSetter({ db, chain, writer: chain.writer(TEST_WALLETS.validator.pair, { inclusionTimeoutMs: 10_000 }), hotkeyPublicKey: TEST_WALLETS.validator.publicKey, weights: new WeightsRepo(db), scores, netuid: NETUID, tickMs: 50, logger, mode: 'v2', metrics: validator.app.metrics });

    await waitFor(async () => {
      const result = await setter.tick();
      return result.action === 'attempted' && result.status === 'done';
    }, { what: 'weights committed', timeoutMs: 20_000, intervalMs: 50 });
    expect(await setter.tick()).toMatchObject({ action: 'already-set', reveals: { waiting: 1 } });
    let text = await scrape();
    expect(sampleValue(text, 'horde_validator_weight_settings_total', { status: 'done', mode: 'v2' })).toBe(1);
    expect(sampleValue(text, 'horde_validator_weight_commits_pending_reveal')).toBe(1);
    expect(sampleValue(text, 'horde_validator_chain_block')).toBeGreaterThan(0);

    await waitFor(async () => (await setter.tick()).action !== 'locked' && sampleValue(await scrape(), 'horde_validator_weight_commits_pending_reveal') === 0, {
      what: 'the commit revealed',
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    text = await scrape();
    expect(sampleValue(text, 'horde_validator_weight_settings_total')).toBe(1);
  }, 60_000);
});
