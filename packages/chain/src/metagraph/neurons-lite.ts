/** `NeuronInfoRuntimeApi.get_neurons_lite` → our neurons. */
import { z } from 'zod';
import { chainErrors } from '../errors';
import { decodeIp } from './ip';
import { AccountId, AxonInfo, Int, Small } from './json';
import type { Axon, Neuron } from './types';
import { raoToTao } from './types';

const NeuronInfoLite = z.object({
  hotkey: AccountId,
  coldkey: AccountId,
  uid: Small,
  active: z.boolean(),
  axonInfo: AxonInfo,
  stake: z.array(z.tuple([AccountId, Int])),
  lastUpdate: Small,
  validatorPermit: z.boolean(),
});

const NeuronsLite = z.array(NeuronInfoLite);

export function toAxon(a: AxonInfo): Axon {
  return { ip: decodeIp(a.ip, a.ipType), ipType: a.ipType, port: a.port, protocol: a.protocol, version: a.version, block: a.block };
}

/** Parses the decoded answer; throws CHAIN_RESPONSE_MALFORMED when its shape is not the expected one. */
export function neuronsFromLite(json: unknown): Neuron[] {
  const parsed = NeuronsLite.safeParse(json);
  if (!parsed.success) throw chainErrors.error('CHAIN_RESPONSE_MALFORMED', 'get_neurons_lite', { cause: parsed.error });
  return parsed.data.map((n) => {
    const stakeRao = n.stake.reduce((sum, [, amount]) => sum + amount, 0n);
    return {
      uid: n.uid,
      hotkey: n.hotkey,
      coldkey: n.coldkey,
      stakeRao,
      stake: raoToTao(stakeRao),
      validatorPermit: n.validatorPermit,
      active: n.active,
      axon: toAxon(n.axonInfo),
      lastUpdate: n.lastUpdate,
    };
  });
}
