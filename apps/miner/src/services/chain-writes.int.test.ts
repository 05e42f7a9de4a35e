/**
 * The miner's writes on a devchain: the axon announcement (lands, is not re-sent while equal, is
 * held back inside the serving rate limit and sent by the early retry once it passed, waits when
 * the hotkey is not registered) and the manifest commitment (the reference's envelope, merged into
 * existing data, not re-sent when unchanged, never over 128 bytes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainClient, createDevchain } from '@horde/chain';
import type { ChainClient, Devchain } from '@horde/chain';
import { TEST_WALLETS, testColdkey, waitFor } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { connectMinerChain } from '../chain/connect';
import type { MinerChain } from '../chain/miner-chain';
import { minerPackageVersion, versionAsInt } from '../chain/version';
import type { MinerChainConfig } from '../env';
import { capturedLogger } from '../test-support/captured-logger';
import { minerTemplate, startTestMiner } from '../test-support/harness';
import type { TestMiner } from '../test-support/harness';
import { announceAxon } from './axon-announcer';
import { commitManifest } from './manifest-commitment';
import { periodic } from '@horde/service';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_chainw' });
const { miner, miner2, miner3 } = TEST_WALLETS;
const NETUID = 12;
const BLOCK_MS = 100;
const SERVING_RATE_LIMIT = 1000;
const FAST = { attempts: 2, baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 2_000 };

const utf8 = (bytes: Uint8Array | null): string | null => (bytes === null ? null : new TextDecoder().decode(bytes));

describe('miner writes on the devchain', () => {
  let devchain: Devchain;
  let reader: ChainClient;
  let testMiner: TestMiner;
  let port: number;
  const { logger, lines } = capturedLogger('debug');

  /** Extrinsics the miner's hotkey signed, by call name. */
  const sent = (call: string) => devchain.extrinsics().filter((x) => x.signer === miner.address && x.call === call);

  beforeAll(async () => {
    devchain = await createDevchain({
      blockTimeMs: BLOCK_MS,
      subnet: {
        netuid: NETUID,
        tempo: 10,
        neurons: [
          { hotkey: miner.address, coldkey: testColdkey('miner').address },
          { hotkey: miner3.address, coldkey: testColdkey('miner').address },
        ],
        hyperparameters: { serving_rate_limit: SERVING_RATE_LIMIT },
      },
    });
    reader = await createChainClient({ endpoint: devchain.url, retry: FAST });
    // Data of another tool in the miner's commitment, which the manifest must not clobber.
    await reader.writer(miner.pair).setCommitment({ netuid: NETUID, data: new TextEncoder().encode('evm:0xabc') });
    const config: MinerChainConfig = {
      endpoint: devchain.url,
      netuid: NETUID,
      validatorMinStake: 1000,
      validatorsRefreshMs: 3_600_000,
      announce: { ip: '127.0.0.2', port: undefined, intervalMs: 3_600_000 },
      manifestCommitIntervalMs: 3_600_000,
    };
    testMiner = await startTestMiner({ databaseUrl: db.url, chain: config, blockTimeMs: BLOCK_MS, manifest: { 'always_on.test': 2, 'always_on.gpu.a6000': 1 }, logger });
    port = Number(new URL(testMiner.url).port);
  });
  afterAll(async () => {
    await testMiner?.close();
    await reader?.close();
    await devchain?.close();
  });

  it('announces the axon at start: the metagraph shows 127.0.0.2, the listening port and the package version', async () => {
    const axon = await waitFor(async () => (await reader.metagraph(NETUID)).neurons.find((n) => n.hotkey === miner.address && n.axon.port !== 0)?.axon, {
      what: 'the axon on chain',
      timeoutMs: 15_000,
    });
    expect(axon).toMatchObject({ ip: '127.0.0.2', ipType: 4, port, protocol: 4, version: versionAsInt(minerPackageVersion()) });
    expect(sent('serve_axon')).toHaveLength(1);
  });

  it('does not send the same axon again', async () => {
    await waitFor(() => sent('serve_axon').length === 1, { what: 'the first announcement', timeoutMs: 15_000 });
    await testMiner.chainWork!.announcer!.runNow();
    expect(sent('serve_axon')).toHaveLength(1);
    expect(lines.some((line) => line.msg === 'axon already announced')).toBe(true);
  });

  it('does not send a changed axon inside the serving rate limit, and schedules the retry for when it passes', async () => {
    await waitFor(() => sent('serve_axon').length === 1, { what: 'the first announcement', timeoutMs: 15_000 });
    const chain: MinerChain = connectMinerChain({ endpoint: devchain.url, netuid: NETUID, hotkey: miner, retry: FAST });
    try {
      const outcome = await announceAxon({ chain, hotkey: miner.address, axon: { ip: '127.0.0.2', port: port + 1, protocol: 4, version: 1 }, blockTimeMs: BLOCK_MS, logger });
      expect(outcome.result).toBe('rate-limited');
      expect(outcome.retryInMs).toBeGreaterThan(0);
      expect(outcome.retryInMs).toBeLessThanOrEqual(SERVING_RATE_LIMIT * BLOCK_MS);
      expect(sent('serve_axon')).toHaveLength(1);
    } finally {
      await chain.close();
    }
  });

  it('an unregistered hotkey sends nothing and logs MINER_NOT_REGISTERED', async () => {
    const chain = connectMinerChain({ endpoint: devchain.url, netuid: NETUID, hotkey: miner2, retry: FAST });
    const captured = capturedLogger();
    try {
      const outcome = await announceAxon({ chain, hotkey: miner2.address, axon: { ip: '127.0.0.2', port: 9000, protocol: 4, version: 1 }, blockTimeMs: BLOCK_MS, logger: captured.logger });
      expect(outcome.result).toBe('not-registered');
      expect(captured.lines.find((line) => line.code === 'MINER_NOT_REGISTERED')).toBeDefined();
      expect(devchain.extrinsics().filter((x) => x.signer === miner2.address)).toHaveLength(0);
    } finally {
      await chain.close();
    }
  });

  it('commits the manifest envelope after the existing data, leaving out classes without a letter', async () => {
    const text = await waitFor(
      async () => {
        const current = utf8(await reader.commitment(NETUID, miner.address));
        return current?.includes('<M:') ? current : undefined;
      },
      { what: 'the manifest commitment', timeoutMs: 15_000 },
    );
    expect(text).toBe('evm:0xabc<M:T2>');
  });

  it('does not re-send an unchanged commitment, and sends a changed one', async () => {
    await waitFor(async () => utf8(await reader.commitment(NETUID, miner.address)) === 'evm:0xabc<M:T2>', { what: 'the first commitment', timeoutMs: 15_000 });
    const before = sent('set_commitment').length;
    await testMiner.chainWork!.manifestCommitment.runNow();
    expect(sent('set_commitment')).toHaveLength(before);

    testMiner.manager.setManifest({ 'always_on.test': 1, 'spin_up-4min.gpu-24gb': 3 });
    await testMiner.chainWork!.manifestCommitment.runNow();
    expect(sent('set_commitment')).toHaveLength(before + 1);
    expect(utf8(await reader.commitment(NETUID, miner.address))).toBe('evm:0xabc<M:S3;T1>');
  });

  it('sends nothing when the envelope does not fit beside the existing data (128 bytes), and says so', async () => {
    const crowded = 'x'.repeat(124);
    await reader.writer(miner3.pair).setCommitment({ netuid: NETUID, data: new TextEncoder().encode(crowded) });
    const chain = connectMinerChain({ endpoint: devchain.url, netuid: NETUID, hotkey: miner3, retry: FAST });
    const captured = capturedLogger();
    try {
      const before = devchain.extrinsics().filter((x) => x.signer === miner3.address).length;
      const outcome = await commitManifest({ chain, hotkey: miner3.address, manifest: async () => ({ 'always_on.test': 2 }), logger: captured.logger });
      expect(outcome.result).toBe('failed');
      expect(captured.lines.find((line) => line.code === 'MANIFEST_COMMITMENT_TOO_LARGE')).toBeDefined();
      expect(devchain.extrinsics().filter((x) => x.signer === miner3.address)).toHaveLength(before);
      expect(utf8(await reader.commitment(NETUID, miner3.address))).toBe(crowded);
    } finally {
      await chain.close();
    }
  });
});

describe('an announcement held back by the serving rate limit', () => {
  it('is sent by the early retry once the limit has passed', async () => {
    const devchain = await createDevchain({
      blockTimeMs: BLOCK_MS,
      subnet: { netuid: NETUID, tempo: 10, neurons: [{ hotkey: miner2.address, coldkey: testColdkey('miner').address }], hyperparameters: { serving_rate_limit: 15 } },
    });
    const chain = connectMinerChain({ endpoint: devchain.url, netuid: NETUID, hotkey: miner2, retry: FAST });
    const reader = await createChainClient({ endpoint: devchain.url, retry: FAST });
    const { logger } = capturedLogger();
    const results: string[] = [];
    const axonAt = (port: number) => ({ ip: '127.0.0.2', port, protocol: 4, version: 1 });
    try {
      expect((await announceAxon({ chain, hotkey: miner2.address, axon: axonAt(9001), blockTimeMs: BLOCK_MS, logger })).result).toBe('served');
      const task = periodic(
        'axon-announcer',
        3_600_000,
        async () => {
          const outcome = await announceAxon({ chain, hotkey: miner2.address, axon: axonAt(9002), blockTimeMs: BLOCK_MS, logger });
          results.push(outcome.result);
          return outcome;
        },
        logger,
      );
      task.start();
      await waitFor(() => results.includes('served'), { what: 'the held-back announcement sent', timeoutMs: 15_000 });
      await task.stop();
      expect(results[0]).toBe('rate-limited');
      expect(results.at(-1)).toBe('served');
      expect(devchain.extrinsics().filter((x) => x.signer === miner2.address && x.call === 'serve_axon')).toHaveLength(2);
      expect((await reader.metagraph(NETUID)).neurons.find((n) => n.hotkey === miner2.address)?.axon.port).toBe(9002);
    } finally {
      await chain.close();
      await reader.close();
      await devchain.close();
    }
  });
});
