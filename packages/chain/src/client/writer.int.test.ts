/**
 * The writer against a devchain over a real WebSocket: signing, inclusion, typed dispatch errors,
 * nonces under concurrency, and a node that goes away.
 */
import { testColdkey, testKeypair } from '@horde/hotkey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevchain } from '../devchain/server';
import type { Devchain } from '../devchain/server';
import { chainErrors } from '../errors';
import { createChainClient } from './chain-client';
import type { ChainClient } from './chain-client';

const NETUID = 12;
const miner = testKeypair('writer-miner');
const other = testKeypair('writer-other');
const stranger = testKeypair('writer-stranger');
const FAST = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2_000 };

describe('chain writer on a devchain', () => {
  let devchain: Devchain;
  let chain: ChainClient;
  beforeAll(async () => {
    devchain = await createDevchain({
      blockTimeMs: 100,
      subnet: {
        netuid: NETUID,
        tempo: 10,
        neurons: [
          { hotkey: miner.address, coldkey: testColdkey('writer').address },
          { hotkey: other.address, coldkey: testColdkey('writer').address },
        ],
        hyperparameters: { serving_rate_limit: 1000 },
      },
    });
    chain = await createChainClient({ endpoint: devchain.url, retry: FAST });
  });
  afterAll(async () => {
    await chain?.close();
    await devchain?.close();
  });

  it('serve_axon lands in a block and the metagraph shows the axon', async () => {
    const writer = chain.writer(miner.pair);
    const receipt = await writer.serveAxon({ netuid: NETUID, version: 1_002_003, ip: '127.0.0.2', port: 8123, protocol: 4 });
    expect(receipt.blockNumber).toBeGreaterThan(0);
    expect(receipt.blockHash).toMatch(/^0x[0-9a-f]{64}$/);
    const neuron = (await chain.metagraph(NETUID)).neurons.find((n) => n.hotkey === miner.address);
    expect(neuron?.axon).toMatchObject({ ip: '127.0.0.2', port: 8123, version: 1_002_003, protocol: 4, ipType: 4, block: receipt.blockNumber });
  });

  it('a second serve_axon inside the serving rate limit is TX_RATE_LIMITED, sent once', async () => {
    const before = devchain.extrinsics().length;
    const err = await chain
      .writer(miner.pair)
      .serveAxon({ netuid: NETUID, version: 1, ip: '127.0.0.3', port: 8124, protocol: 4 })
      .catch((e: unknown) => e);
    expect(chainErrors.is(err, 'TX_RATE_LIMITED')).toBe(true);
    expect((err as { context?: Record<string, unknown> }).context).toMatchObject({ pallet: 'subtensorModule', error: 'ServingRateLimitExceeded' });
    const sent = devchain.extrinsics().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ success: false, error: 'SubtensorModule.ServingRateLimitExceeded' });
  });

  it('a hotkey that is not registered gets TX_NOT_REGISTERED', async () => {
    const err = await chain
      .writer(stranger.pair)
      .serveAxon({ netuid: NETUID, version: 1, ip: '10.0.0.9', port: 8000, protocol: 4 })
      .catch((e: unknown) => e);
    expect(chainErrors.is(err, 'TX_NOT_REGISTERED')).toBe(true);
  });

  it('a loopback axon address is refused by the chain as TX_AXON_INVALID', async () => {
    const err = await chain
      .writer(other.pair)
      .serveAxon({ netuid: NETUID, version: 1, ip: '127.0.0.1', port: 8000, protocol: 4 })
      .catch((e: unknown) => e);
    expect(chainErrors.is(err, 'TX_AXON_INVALID')).toBe(true);
  });

  it('a commitment written is read back byte for byte; none reads as null', async () => {
    const data = new TextEncoder().encode('other data<M:T2>');
    await chain.writer(other.pair).setCommitment({ netuid: NETUID, data });
    expect(await chain.commitment(NETUID, other.address)).toEqual(data);
    expect(await chain.commitment(NETUID, stranger.address)).toBeNull();
  });

  it('reads the commit-reveal version the chain demands', async () => {
    expect(await chain.commitRevealVersion()).toBe(4);
  });

  it('concurrent writes from one key take consecutive nonces and all land', async () => {
    const writer = chain.writer(other.pair);
    const datas = [1, 2, 3].map((i) => new TextEncoder().encode(`c${i}`));
    const receipts = await Promise.all(datas.map((data) => writer.setCommitment({ netuid: NETUID, data })));
    expect(new Set(receipts.map((r) => r.txHash)).size).toBe(3);
    expect(await chain.commitment(NETUID, other.address)).toEqual(datas[2]);
  });

  it('a node that goes away: CHAIN_UNAVAILABLE after bounded retries, no hang, no crash', async () => {
    const lone = await createDevchain({ blockTimeMs: 100, subnet: { netuid: NETUID, neurons: [{ hotkey: miner.address, coldkey: miner.address }] } });
    const client = await createChainClient({ endpoint: lone.url, retry: FAST, connectTimeoutMs: 2_000 });
    try {
      await lone.close();
      const err = await client
        .writer(miner.pair, { inclusionTimeoutMs: 2_000 })
        .setCommitment({ netuid: NETUID, data: new Uint8Array([1]) })
        .catch((e: unknown) => e);
      expect(chainErrors.is(err, 'CHAIN_UNAVAILABLE') || chainErrors.is(err, 'CHAIN_TIMEOUT')).toBe(true);
      expect((err as { retryable?: boolean }).retryable).toBe(true);
    } finally {
      await client.close();
    }
  });
});
