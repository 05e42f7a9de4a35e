import { ApiPromise, WsProvider } from '@polkadot/api';
import { encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainClient } from '../client/chain-client';
import { callRuntimeApi, findRuntimeApi } from '../client/runtime-api';
import type { RuntimeApiMethod } from '../client/runtime-api';
import { neuronsFromLite } from '../metagraph/neurons-lite';
import type { ChainClient } from '../client/chain-client';
import { createDevchain } from './server';
import type { Devchain } from './server';
import { SubnetDescription } from './subnet';

const account = (seed: number): string => encodeAddress(Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i) % 256), 42);

const subnet = SubnetDescription.parse({
  netuid: 12,
  tempo: 10,
  neurons: [
    { hotkey: account(1), coldkey: account(2), stake: 1500.25, validator_permit: true },
    { hotkey: account(3), coldkey: account(4), stake: 0.5, axon: { ip: '10.1.2.3', port: 8091, block: 3 } },
    { hotkey: account(5), coldkey: account(4), stake: 0, axon: { ip: '2001:db8::7', port: 9000, protocol: 4, version: 2 } },
  ],
  hyperparameters: { weights_rate_limit: 5, commit_reveal_period: 2 },
});

describe('devchain', () => {
  let devchain: Devchain;
  beforeAll(async () => {
    devchain = await createDevchain({ subnet, blockTimeMs: 50 });
  });
  afterAll(() => devchain.close());

  it('a stock ApiPromise connects, reads the head, and sees new heads', async () => {
    const api = await ApiPromise.create({ provider: new WsProvider(devchain.url), noInitWarn: true });
    try {
      expect(api.runtimeVersion.specVersion.toNumber()).toBe(343);
      expect(api.runtimeMetadata.version).toBe(15);
      expect(api.tx['subtensorModule']?.['setWeights']).toBeTypeOf('function');
      const first = (await api.rpc.chain.getHeader()).number.toNumber();
      expect(first).toBeGreaterThanOrEqual(0);
      const later = await new Promise<number>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error('no new head within 5 s')), 5_000);
        const unsubscribe = api.rpc.chain.subscribeNewHeads((header) => {
          if (header.number.toNumber() > first) {
            clearTimeout(timeout);
            void unsubscribe.then((stop) => stop());
            resolve(header.number.toNumber());
          }
        });
      });
      expect(later).toBeGreaterThan(first);
      const hash = await api.rpc.chain.getBlockHash(later);
      const header = await api.rpc.chain.getHeader(hash);
      expect(header.hash.toHex()).toBe(hash.toHex());
      expect(header.parentHash.toHex()).toBe((await api.rpc.chain.getBlockHash(later - 1)).toHex());
      expect((await api.rpc.chain.getFinalizedHead()).toHex()).toMatch(/^0x[0-9a-f]{64}$/);
    } finally {
      await api.disconnect();
    }
  });

  it('answers get_neurons_lite with the configured neurons', async () => {
    const api = await ApiPromise.create({ provider: new WsProvider(devchain.url), noInitWarn: true });
    try {
      const lite = findRuntimeApi(api, 'NeuronInfoRuntimeApi', 'get_neurons_lite') as RuntimeApiMethod;
      const neurons = neuronsFromLite(await callRuntimeApi(api, lite, [12]));
      expect(neurons.map((n) => [n.uid, n.hotkey, n.coldkey, n.stakeRao, n.validatorPermit, n.axon.ip, n.axon.port])).toEqual([
        [0, account(1), account(2), 1_500_250_000_000n, true, '0.0.0.0', 0],
        [1, account(3), account(4), 500_000_000n, false, '10.1.2.3', 8091],
        [2, account(5), account(4), 0n, false, '2001:db8::7', 9000],
      ]);
      expect(await callRuntimeApi(api, lite, [99])).toEqual([]);
    } finally {
      await api.disconnect();
    }
  });

  describe('through createChainClient', () => {
    let client: ChainClient;
    beforeAll(async () => {
      client = await createChainClient({ endpoint: devchain.url });
    });
    afterAll(() => client.close());

    it('reads the configured metagraph back', async () => {
      const metagraph = await client.metagraph(12);
      expect(metagraph.source).toBe('selective-mechagraph');
      expect(metagraph.block).toBeGreaterThanOrEqual(0);
      expect(metagraph.neurons.map((n) => [n.uid, n.hotkey, n.coldkey, n.stakeRao, n.validatorPermit])).toEqual([
        [0, account(1), account(2), 1_500_250_000_000n, true],
        [1, account(3), account(4), 500_000_000n, false],
        [2, account(5), account(4), 0n, false],
      ]);
      expect(metagraph.neurons.map((n) => n.axon)).toEqual([
        { ip: '0.0.0.0', ipType: 4, port: 0, protocol: 0, version: 0, block: 0 },
        { ip: '10.1.2.3', ipType: 4, port: 8091, protocol: 4, version: 0, block: 3 },
        { ip: '2001:db8::7', ipType: 6, port: 9000, protocol: 4, version: 2, block: 0 },
      ]);
      expect((await client.validators(12)).map((n) => n.hotkey)).toEqual([account(1)]);
    });

    it('reads the configured hyperparameters back', async () => {
      const h = await client.hyperparameters(12);
      expect([h.netuid, h.tempo, h.weightsRateLimit, h.commitRevealPeriod, h.commitRevealEnabled, h.maxUids]).toEqual([12, 10, 5, 2, true, 256]);
    });

    it('an unknown subnet is SUBNET_NOT_FOUND', async () => {
      await expect(client.metagraph(99)).rejects.toMatchObject({ code: 'SUBNET_NOT_FOUND' });
    });
  });
});
