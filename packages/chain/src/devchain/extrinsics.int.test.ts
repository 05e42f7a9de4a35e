/**
 * The devchain applies extrinsics sent by a stock @polkadot/api (signAndSend, mortal era, nonce -1):
 * axons, commitments and weights land in its state and storage, failures come back as
 * ExtrinsicFailed with subtensor's module errors, which our tx-error mapping types.
 */
import type { ApiPromise } from '@polkadot/api';
import { testColdkey, testKeypair } from '@horde/hotkey';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainClient } from '../client/chain-client';
import { fromDispatchError, txError } from '../extrinsics/tx-errors';
import { createDevchain } from './server';
import type { Devchain } from './server';
import { QUICKNET } from '../timelock/beacon';
import { advanceTo, dispatchErrorName, eventNames, include, stockApi, tx } from './testing';

const NETUID = 12;
const validator = testKeypair('devchain-validator');
const miner = testKeypair('devchain-miner');
const stranger = testKeypair('devchain-stranger');
const coldkey = testColdkey('devchain').address;

describe('devchain extrinsics', () => {
  let devchain: Devchain;
  let api: ApiPromise;
  beforeAll(async () => {
    devchain = await createDevchain({
      blockTimeMs: 0,
      subnet: {
        netuid: NETUID,
        tempo: 10,
        neurons: [
          { hotkey: validator.address, coldkey, stake: 1000, validator_permit: true },
          { hotkey: miner.address, coldkey },
        ],
        hyperparameters: { serving_rate_limit: 5, commit_reveal_weights_enabled: false, weights_rate_limit: 3, min_allowed_weights: 1 },
      },
    });
    api = await stockApi(devchain);
  });
  afterAll(async () => {
    await api?.disconnect();
    await devchain?.close();
  });

  it('serve_axon lands; the metagraph shows the axon; a second one inside the rate limit is ServingRateLimitExceeded (TX_RATE_LIMITED)', async () => {
    const serve = tx(api, 'subtensorModule', 'serveAxon');
    const ok = await include(devchain, serve(NETUID, 9_011_001, 0x7f000002, 8091, 4, 4, 0, 0), miner.pair);
    expect(dispatchErrorName(api, ok)).toBeUndefined();
    expect(eventNames(ok)).toEqual(['subtensorModule.AxonServed', 'system.ExtrinsicSuccess']);
    expect(ok.events[0]?.event.data.toJSON()).toEqual([NETUID, miner.address]);
    const block = devchain.blockNumber();
    const client = await createChainClient({ endpoint: devchain.url });
    try {
      const neuron = (await client.metagraph(NETUID)).neurons[1];
      expect(neuron?.axon).toEqual({ ip: '127.0.0.2', ipType: 4, port: 8091, protocol: 4, version: 9_011_001, block });
    } finally {
      await client.close();
    }
    const stored = (await api.query['subtensorModule']?.['axons']?.(NETUID, miner.address))?.toJSON();
    expect(stored).toMatchObject({ block, ip: 0x7f000002, port: 8091, ipType: 4 });

    const limited = await include(devchain, serve(NETUID, 1, 0x0a000001, 9000, 4, 4, 0, 0), miner.pair);
    expect(dispatchErrorName(api, limited)).toBe('SubtensorModule.ServingRateLimitExceeded');
    expect(eventNames(limited)).toEqual(['system.ExtrinsicFailed']);
    const typed = txError(fromDispatchError(api.registry, limited.dispatchError as NonNullable<typeof limited.dispatchError>));
    expect(typed.code).toBe('TX_RATE_LIMITED');
    expect(devchain.state().subnet.neurons[1]?.axon?.port).toBe(8091);

    advanceTo(devchain, block + 4);
    const later = await include(devchain, serve(NETUID, 2, 0x0a000001, 9000, 4, 4, 0, 0), miner.pair);
    expect(dispatchErrorName(api, later)).toBeUndefined();
    expect(devchain.state().subnet.neurons[1]?.axon).toMatchObject({ ip: '10.0.0.1', port: 9000, version: 2, block: block + 5 });
  });

  it('serve_axon checks registration, IP type, IP and port', async () => {
    const serve = tx(api, 'subtensorModule', 'serveAxon');
    const cases: [typeof miner, unknown[], string][] = [
      [stranger, [NETUID, 1, 0x0a000001, 8091, 4, 4, 0, 0], 'SubtensorModule.HotKeyNotRegisteredInNetwork'],
      [validator, [NETUID + 1, 1, 0x0a000001, 8091, 4, 4, 0, 0], 'SubtensorModule.HotKeyNotRegisteredInNetwork'],
      [validator, [NETUID, 1, 0x0a000001, 8091, 5, 4, 0, 0], 'SubtensorModule.InvalidIpType'],
      [validator, [NETUID, 1, 0x7f000001, 8091, 4, 4, 0, 0], 'SubtensorModule.InvalidIpAddress'],
      [validator, [NETUID, 1, 1, 8091, 6, 4, 0, 0], 'SubtensorModule.InvalidIpAddress'],
      [validator, [NETUID, 1, 0x0a000001, 0, 4, 4, 0, 0], 'SubtensorModule.InvalidPort'],
    ];
    for (const [key, args, error] of cases) {
      expect(dispatchErrorName(api, await include(devchain, serve(...args), key.pair))).toBe(error);
    }
    expect(devchain.state().subnet.neurons[0]?.axon).toBeUndefined();
    const log = devchain.extrinsics().slice(-cases.length);
    expect(log.map((x) => [x.signer, x.pallet, x.call, x.success, x.error])).toEqual(
      cases.map(([key, , error]) => [key.address, 'SubtensorModule', 'serve_axon', false, error]),
    );
    expect(log[0]?.args).toMatchObject({ netuid: NETUID, ip: 0x0a000001, port: 8091, ip_type: 4, protocol: 4 });
  });

  it('set_commitment is readable through api.query.commitments.commitmentOf and the chain client; strangers are refused', async () => {
    const data = new TextEncoder().encode('horde:v1');
    const field = { [`Raw${data.length}`]: u8aToHex(data) };
    const ok = await include(devchain, tx(api, 'commitments', 'setCommitment')(NETUID, { fields: [field] }), miner.pair);
    expect(dispatchErrorName(api, ok)).toBeUndefined();
    expect(eventNames(ok)).toEqual(['commitments.Commitment', 'system.ExtrinsicSuccess']);
    const stored = (await api.query['commitments']?.['commitmentOf']?.(NETUID, miner.address))?.toJSON() as { block: number; info: { fields: unknown[] } };
    expect(stored.block).toBe(devchain.blockNumber());
    expect(stored.info.fields).toEqual([{ raw8: u8aToHex(data) }]);
    const client = await createChainClient({ endpoint: devchain.url });
    try {
      expect(await client.commitment(NETUID, miner.address)).toEqual(data);
      expect(await client.commitment(NETUID, validator.address)).toBeNull();
    } finally {
      await client.close();
    }
    const entries = (await api.query['commitments']?.['commitmentOf']?.entries(NETUID)) ?? [];
    expect(entries.map(([key, value]) => [key.args.map((a) => a.toString()), (value.toJSON() as { block: number }).block])).toEqual([[[String(NETUID), miner.address], stored.block]]);
    const refused = await include(devchain, tx(api, 'commitments', 'setCommitment')(NETUID, { fields: [field] }), stranger.pair);
    expect(dispatchErrorName(api, refused)).toBe('Commitments.AccountNotAllowedCommit');
    expect(Object.keys(devchain.state().commitments)).toEqual([miner.address]);
  });

  it('set_weights (commit-reveal off) stores max-upscaled weights and last_update; rules and rate limit apply', async () => {
    const setWeights = tx(api, 'subtensorModule', 'setWeights');
    const ok = await include(devchain, setWeights(NETUID, [0, 1], [100, 50], 0), validator.pair);
    expect(dispatchErrorName(api, ok)).toBeUndefined();
    expect(eventNames(ok)).toEqual(['subtensorModule.WeightsSet', 'system.ExtrinsicSuccess']);
    const block = devchain.blockNumber();
    expect(devchain.state().weights[0]).toEqual([
      [0, 65535],
      [1, 32768],
    ]);
    expect((await api.query['subtensorModule']?.['weights']?.(NETUID, 0))?.toJSON()).toEqual([
      [0, 65535],
      [1, 32768],
    ]);
    expect(devchain.state().subnet.neurons[0]?.last_update).toBe(block);
    expect((await api.query['subtensorModule']?.['lastUpdate']?.(NETUID))?.toJSON()).toEqual([block, 0]);

    expect(dispatchErrorName(api, await include(devchain, setWeights(NETUID, [0, 1], [1, 1], 0), validator.pair))).toBe('SubtensorModule.SettingWeightsTooFast');
    advanceTo(devchain, block + 3);
    expect(dispatchErrorName(api, await include(devchain, setWeights(NETUID, [0, 0], [1, 1], 0), validator.pair))).toBe('SubtensorModule.DuplicateUids');
    expect(dispatchErrorName(api, await include(devchain, setWeights(NETUID, [0, 7], [1, 1], 0), validator.pair))).toBe('SubtensorModule.UidVecContainInvalidOne');
    expect(dispatchErrorName(api, await include(devchain, setWeights(NETUID, [0], [1, 2], 0), validator.pair))).toBe('SubtensorModule.WeightVecNotEqualSize');
    expect(dispatchErrorName(api, await include(devchain, setWeights(NETUID, [0], [1], 0), miner.pair))).toBe('SubtensorModule.NeuronNoValidatorPermit');
    expect(dispatchErrorName(api, await include(devchain, setWeights(NETUID, [1], [1], 0), miner.pair))).toBeUndefined();
    expect(dispatchErrorName(api, await include(devchain, setWeights(NETUID, [0], [1], 0), stranger.pair))).toBe('SubtensorModule.HotKeyNotRegisteredInSubNet');
  });

  it('commit_weights and commit_timelocked_weights while commit-reveal is off are CommitRevealDisabled', async () => {
    const commit = await include(devchain, tx(api, 'subtensorModule', 'commitWeights')(NETUID, `0x${'ab'.repeat(32)}`), validator.pair);
    expect(dispatchErrorName(api, commit)).toBe('SubtensorModule.CommitRevealDisabled');
    const timelocked = await include(devchain, tx(api, 'subtensorModule', 'commitTimelockedWeights')(NETUID, '0x0102', 1, 4), validator.pair);
    expect(dispatchErrorName(api, timelocked)).toBe('SubtensorModule.CommitRevealDisabled');
    expect(devchain.state().commits).toEqual({});
    expect(devchain.state().timelockedCommits).toEqual([]);
  });

  it('serves Drand.BeaconConfig: quicknet without a beacon, as on finney', async () => {
    const client = await createChainClient({ endpoint: devchain.url });
    try {
      const beacon = await client.drandBeacon();
      expect([u8aToHex(beacon.publicKey), beacon.genesis, beacon.period]).toEqual([u8aToHex(QUICKNET.publicKey), QUICKNET.genesis, QUICKNET.period]);
    } finally {
      await client.close();
    }
  });

  it('a call the devchain does not model fails with BadOrigin, and nonces count every included extrinsic', async () => {
    const before = devchain.state().nonces[validator.address] ?? 0;
    const result = await include(devchain, tx(api, 'system', 'remark')('0x01'), validator.pair);
    expect(dispatchErrorName(api, result)).toBe('BadOrigin');
    expect(devchain.state().nonces[validator.address]).toBe(before + 1);
    expect((await api.rpc.system.accountNextIndex(validator.address)).toNumber()).toBe(before + 1);
  });
});
