import { describe, expect, it } from 'vitest';
import type { Metagraph, Neuron } from '@horde/chain';
import { chainMiners } from './miner-sync';

function neuron(uid: number, hotkey: string, ip: string, port: number, ipType = 4): Neuron {
  return {
    uid,
    hotkey,
    coldkey: `cold-${hotkey}`,
    stakeRao: 0n,
    stake: 0,
    validatorPermit: false,
    active: true,
    axon: { ip, ipType, port, protocol: 4, version: 1, block: 1 },
    lastUpdate: 0,
  };
}

describe('chainMiners', () => {
  const metagraph: Metagraph = {
    netuid: 12,
    block: 100,
    source: 'selective-mechagraph',
    neurons: [
      neuron(0, 'miner-a', '203.0.113.7', 8000),
      neuron(1, 'no-axon', '0.0.0.0', 0),
      neuron(2, 'miner-v6', '2001:db8::1', 9000, 6),
      neuron(3, 'us', '203.0.113.9', 8100),
      neuron(4, 'unspecified-v6', '::', 8000, 6),
    ],
  };

  it('keeps neurons with a served axon, with their uid, coldkey and IP version', () => {
    expect(chainMiners(metagraph)).toEqual([
      { hotkey: 'miner-a', coldkey: 'cold-miner-a', uid: 0, address: '203.0.113.7', port: 8000, ipVersion: 4 },
      { hotkey: 'miner-v6', coldkey: 'cold-miner-v6', uid: 2, address: '2001:db8::1', port: 9000, ipVersion: 6 },
      { hotkey: 'us', coldkey: 'cold-us', uid: 3, address: '203.0.113.9', port: 8100, ipVersion: 4 },
    ]);
  });

  it('leaves out our own hotkey: a validator serving an axon is not a miner to itself', () => {
    expect(chainMiners(metagraph, 'us').map((m) => m.hotkey)).toEqual(['miner-a', 'miner-v6']);
  });
});
