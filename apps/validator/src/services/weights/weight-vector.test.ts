import { describe, expect, it } from 'vitest';
import type { Hyperparameters, Metagraph, Neuron } from '@horde/chain';
import { weightVector } from './weight-vector';

const neuron = (uid: number, hotkey: string): Neuron => ({
  uid,
  hotkey,
  coldkey: `cold-${uid}`,
  stakeRao: 0n,
  stake: 0,
  validatorPermit: false,
  active: true,
  axon: { ip: '10.0.0.1', ipType: 4, port: 8000, protocol: 4, version: 0, block: 0 },
  lastUpdate: 0,
});
const metagraph: Metagraph = { netuid: 12, block: 100, source: 'selective-mechagraph', neurons: [neuron(0, 'val'), neuron(1, 'a'), neuron(2, 'b'), neuron(3, 'c')] };
const params = { minAllowedWeights: 1, maxWeightsLimit: 65535 } as Hyperparameters;

describe('weightVector', () => {
  it('maps hotkeys to uids, drops unregistered and zero scores, and scales the largest to 65535', () => {
    const result = weightVector(
      new Map([
        ['b', 30],
        ['a', 10],
        ['gone', 50],
        ['c', 0],
      ]),
      metagraph,
      params,
      'val',
    );
    expect(result).toEqual({ ok: true, uids: [1, 2], weights: [21845, 65535] });
  });

  it('says NO_SCORES when nothing is left, and names the broken rule', () => {
    expect(weightVector(new Map([['gone', 1]]), metagraph, params, 'val')).toMatchObject({ ok: false, reason: 'NO_SCORES' });
    expect(weightVector(new Map([['a', 1]]), metagraph, { ...params, minAllowedWeights: 2 }, 'val')).toMatchObject({ ok: false, reason: 'WeightVecLengthIsLow' });
    expect(weightVector(new Map([['a', 9], ['b', 1]]), metagraph, { ...params, maxWeightsLimit: 32768 }, 'val')).toMatchObject({ ok: false, reason: 'MaxWeightExceeded' });
  });
});
