import { encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metagraph } from '../metagraph/types';
import { FakeProvider, fixtures } from '../test-support/fake-provider';
import { ScaleReader, encodeCompact, le } from '../test-support/scale-reader';
import { createChainClient } from './chain-client';
import type { ChainClient } from './chain-client';

/** Neurons read straight from the recorded neurons-lite bytes with our own SCALE reader. */
interface RawNeuron {
  hotkey: Uint8Array;
  coldkey: Uint8Array;
  uid: number;
  active: boolean;
  axon: { block: bigint; version: bigint; ip: bigint; port: bigint; ipType: number; protocol: number };
  stake: bigint;
  lastUpdate: bigint;
  validatorPermit: boolean;
}

function readNeuronsLite(hex: string): RawNeuron[] {
  const r = ScaleReader.fromHex(hex);
  const count = Number(r.compact());
  const out: RawNeuron[] = [];
  for (let i = 0; i < count; i += 1) {
    const hotkey = r.raw(32);
    const coldkey = r.raw(32);
    const uid = Number(r.compact());
    r.compact(); // netuid
    const active = r.bool();
    const axon = { block: r.uint(8), version: r.uint(4), ip: r.uint(16), port: r.uint(2), ipType: r.u8(), protocol: r.u8() };
    r.raw(2); // placeholders
    r.raw(8 + 4 + 16 + 2 + 1); // prometheus_info
    let stake = 0n;
    for (let n = Number(r.compact()); n > 0; n -= 1) {
      r.raw(32);
      stake += r.compact();
    }
    for (let k = 0; k < 7; k += 1) r.compact(); // rank, emission, incentive, consensus, trust, validator_trust, dividends
    const lastUpdate = r.compact();
    const validatorPermit = r.bool();
    r.compact(); // pruning_score
    out.push({ hotkey, coldkey, uid, active, axon, stake, lastUpdate, validatorPermit });
  }
  expect(r.remaining).toBe(0);
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle));
}

const raw = readNeuronsLite(fixtures.neuronsLite);
const mechaBytes = ScaleReader.fromHex(fixtures.selectiveMechagraph).bytes;
const SPOT = [0, 1, 5, 24, 496, 630, 1023];

describe('metagraph of netuid 1 at block 6,852,690 (recorded finney answers)', () => {
  let viaMechagraph: ChainClient;
  let viaLite: ChainClient;
  let mecha: Metagraph;
  let lite: Metagraph;

  beforeAll(async () => {
    viaMechagraph = await createChainClient({ endpoint: 'finney', provider: new FakeProvider() });
    viaLite = await createChainClient({ endpoint: 'finney', provider: new FakeProvider({ faults: { withoutApis: ['SubnetInfoRuntimeApi'] } }) });
    mecha = await viaMechagraph.metagraph(1);
    lite = await viaLite.metagraph(1);
  });

  afterAll(async () => {
    await viaMechagraph.close();
    await viaLite.close();
  });

  it('decodes the 1,024 neurons through both runtime APIs', () => {
    expect(raw).toHaveLength(1024);
    expect(mecha.source).toBe('selective-mechagraph');
    expect(lite.source).toBe('neurons-lite');
    expect(mecha.neurons).toHaveLength(1024);
    expect(lite.neurons).toHaveLength(1024);
    expect(mecha.block).toBe(6852690);
    expect(lite.block).toBe(6852690);
  });

  it('matches the raw bytes for every uid: hotkeys, coldkeys, axons, permits, last update', () => {
    for (const m of [mecha, lite]) {
      m.neurons.forEach((n, i) => {
        const r = raw[i] as RawNeuron;
        expect(n.uid).toBe(r.uid);
        expect(n.hotkey).toBe(encodeAddress(r.hotkey, 42));
        expect(n.coldkey).toBe(encodeAddress(r.coldkey, 42));
        expect(n.validatorPermit).toBe(r.validatorPermit);
        expect(n.active).toBe(r.active);
        expect(n.lastUpdate).toBe(Number(r.lastUpdate));
        expect([n.axon.port, n.axon.ipType, n.axon.protocol, n.axon.version, n.axon.block]).toEqual([Number(r.axon.port), r.axon.ipType, r.axon.protocol, Number(r.axon.version), Number(r.axon.block)]);
      });
    }
  });

  it('spot-checks known neurons', () => {
    const uid5 = lite.neurons[5];
    expect(uid5?.hotkey).toBe('5HnKibd64TMUqJ49CnUytGEG5XwUnY6HMijRXKYs6rv2x7QS');
    expect(uid5?.axon).toMatchObject({ ip: '159.65.176.209', port: 14001, ipType: 4, protocol: 4, version: 9010001 });
    // 159.65.176.209 as the u128 the chain stores.
    expect(raw[5]?.axon.ip).toBe((159n << 24n) | (65n << 16n) | (176n << 8n) | 209n);
    expect(mecha.neurons.filter((n) => n.validatorPermit).map((n) => n.uid).sort((a, b) => a - b)).toEqual([24, 245, 276, 395, 447, 496, 502, 518, 630, 697, 966, 993]);
  });

  it('neurons-lite stake is the sum of the raw stake list', () => {
    for (const uid of SPOT) expect(lite.neurons[uid]?.stakeRao).toBe(raw[uid]?.stake);
    expect(lite.neurons[24]?.stakeRao).toBe(959873144507n);
    expect(lite.neurons[24]?.stake).toBeCloseTo(959.873144507, 9);
  });

  it('mechagraph hotkeys and total stakes appear verbatim in the raw answer', () => {
    const hotkeys = new Uint8Array(1024 * 32);
    raw.forEach((r, i) => hotkeys.set(r.hotkey, i * 32));
    // Some(Vec) of 1,024 AccountIds: 0x01, compact(1024) = 0x0110, then the keys back to back.
    expect(indexOf(mechaBytes, Uint8Array.of(1, 0x01, 0x10, ...hotkeys))).toBeGreaterThan(0);
    const stakes = mecha.neurons.map((n) => encodeCompact(n.stakeRao));
    const encoded = Uint8Array.of(1, ...encodeCompact(1024n), ...stakes.flatMap((s) => [...s]));
    expect(indexOf(mechaBytes, encoded)).toBeGreaterThan(0);
    expect(mecha.neurons[24]?.stakeRao).toBe(58036807815746n);
  });

  it('mechagraph axons appear verbatim in the raw answer', () => {
    for (const uid of SPOT) {
      const a = raw[uid]?.axon;
      if (!a) throw new Error(`no raw neuron ${uid}`);
      const bytes = Uint8Array.of(...le(a.block, 8), ...le(a.version, 4), ...le(a.ip, 16), ...le(a.port, 2), a.ipType, a.protocol, 0, 0);
      expect(indexOf(mechaBytes, bytes)).toBeGreaterThan(0);
    }
  });

  it('reads the hyperparameters', async () => {
    expect(await viaMechagraph.hyperparameters(1)).toEqual({
      netuid: 1,
      block: 6852690,
      tempo: 99,
      commitRevealEnabled: true,
      commitRevealPeriod: 1,
      weightsRateLimit: 100,
      weightsVersion: 21706n,
      minAllowedWeights: 1,
      maxWeightsLimit: 65535,
      servingRateLimit: 10,
      activityCutoff: 5000,
      immunityPeriod: 7200,
      maxValidators: 128,
      maxUids: 1024,
    });
  });

  it('lists validators with a permit and enough stake, highest stake first', async () => {
    const all = await viaMechagraph.validators(1);
    expect(all).toHaveLength(12);
    expect(all[0]?.uid).toBe(630);
    const rich = await viaMechagraph.validators(1, { minStake: 100_000 });
    expect(rich.map((v) => v.uid)).toEqual([630, 502, 276, 518, 697]);
    expect(rich.every((v) => v.validatorPermit && v.stake >= 100_000)).toBe(true);
  });

  it('reads the current block from the header', async () => {
    expect(await viaMechagraph.currentBlock()).toBe(0x689052);
  });
});
