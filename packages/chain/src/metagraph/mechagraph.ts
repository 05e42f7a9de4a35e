/**
 * `SubnetInfoRuntimeApi.get_selective_mechagraph` → our neurons and hyperparameters. Every field of
 * the selective form is an Option (null when not asked for), so each view parses only its fields.
 */
import { z } from 'zod';
import { chainErrors } from '../errors';
import { AccountId, AxonInfo, Int, Small } from './json';
import { toAxon } from './neurons-lite';
import type { Hyperparameters, Neuron } from './types';
import { raoToTao } from './types';

const NeuronFields = z.object({
  block: Small,
  numUids: Small,
  hotkeys: z.array(AccountId),
  coldkeys: z.array(AccountId),
  axons: z.array(AxonInfo),
  active: z.array(z.boolean()),
  validatorPermit: z.array(z.boolean()),
  lastUpdate: z.array(Small),
  totalStake: z.array(Int),
});

const HyperparameterFields = z.object({
  netuid: Small,
  block: Small,
  tempo: Small,
  commitRevealWeightsEnabled: z.boolean(),
  commitRevealPeriod: Small,
  weightsRateLimit: Small,
  weightsVersion: Int,
  minAllowedWeights: Small,
  maxWeightsLimit: Small,
  servingRateLimit: Small,
  activityCutoff: Small,
  immunityPeriod: Small,
  maxValidators: Small,
  maxUids: Small,
});

/** The mechagraph fields each view reads (camelCase, as in the decoded JSON). */
export const MECHAGRAPH_NEURON_FIELDS = Object.keys(NeuronFields.shape);
export const MECHAGRAPH_HYPERPARAMETER_FIELDS = Object.keys(HyperparameterFields.shape);

function parse<S extends z.ZodType>(schema: S, json: unknown, netuid: number): z.infer<S> {
  if (json === null) throw chainErrors.error('SUBNET_NOT_FOUND', `netuid ${netuid}`, { context: { netuid } });
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw chainErrors.error('CHAIN_RESPONSE_MALFORMED', 'get_selective_mechagraph', { cause: parsed.error });
  return parsed.data;
}

/** Parses the decoded `Option<SelectiveMetagraph>` into neurons; null means the subnet does not exist. */
export function neuronsFromMechagraph(json: unknown, netuid: number): { block: number; neurons: Neuron[] } {
  const m = parse(NeuronFields, json, netuid);
  const lengths = [m.hotkeys, m.coldkeys, m.axons, m.active, m.validatorPermit, m.lastUpdate, m.totalStake].map((v) => v.length);
  if (lengths.some((len) => len !== m.numUids)) {
    throw chainErrors.error('CHAIN_RESPONSE_MALFORMED', `get_selective_mechagraph: per-uid vectors of lengths ${lengths.join(',')} for ${m.numUids} uids`);
  }
  const neurons = m.hotkeys.map((hotkey, uid): Neuron => {
    const stakeRao = m.totalStake[uid] as bigint;
    return {
      uid,
      hotkey,
      coldkey: m.coldkeys[uid] as string,
      stakeRao,
      stake: raoToTao(stakeRao),
      validatorPermit: m.validatorPermit[uid] as boolean,
      active: m.active[uid] as boolean,
      axon: toAxon(m.axons[uid] as AxonInfo),
      lastUpdate: m.lastUpdate[uid] as number,
    };
  });
  return { block: m.block, neurons };
}

export function hyperparametersFromMechagraph(json: unknown, netuid: number): Hyperparameters {
  const m = parse(HyperparameterFields, json, netuid);
  return {
    netuid: m.netuid,
    block: m.block,
    tempo: m.tempo,
    commitRevealEnabled: m.commitRevealWeightsEnabled,
    commitRevealPeriod: m.commitRevealPeriod,
    weightsRateLimit: m.weightsRateLimit,
    weightsVersion: m.weightsVersion,
    minAllowedWeights: m.minAllowedWeights,
    maxWeightsLimit: m.maxWeightsLimit,
    servingRateLimit: m.servingRateLimit,
    activityCutoff: m.activityCutoff,
    immunityPeriod: m.immunityPeriod,
    maxValidators: m.maxValidators,
    maxUids: m.maxUids,
  };
}
