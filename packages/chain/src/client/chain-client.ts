/** The read side of the subtensor client: blocks, metagraph, hyperparameters, validators. */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { chainErrors } from '../errors';
import { MECHAGRAPH_HYPERPARAMETER_FIELDS, MECHAGRAPH_NEURON_FIELDS, hyperparametersFromMechagraph, neuronsFromMechagraph } from '../metagraph/mechagraph';
import { neuronsFromLite } from '../metagraph/neurons-lite';
import type { Hyperparameters, Metagraph, Neuron } from '../metagraph/types';
import { connectApi } from './connect';
import type { ProviderInterface } from './connect';
import { resolveEndpoint } from './endpoint';
import type { Endpoint } from './endpoint';
import { mechagraphFieldIndexes } from './mechagraph-fields';
import { DEFAULT_RETRY, withRetry } from './retry';
import type { RetryPolicy } from './retry';
import { callRuntimeApi, findRuntimeApi } from './runtime-api';
import type { RuntimeApiMethod } from './runtime-api';
import type { Beacon } from '../timelock/beacon';
import { beaconFromConfig, commitmentBytes } from './storage';
import { createWriter } from './writer';
import type { ChainWriter, WriterOptions } from './writer-types';

export interface ChainClientOptions {
  endpoint: Endpoint;
  /** Use this provider instead of opening a WebSocket to `endpoint` (tests, devchain in-process). */
  provider?: ProviderInterface;
  /** Retries of each read; defaults to DEFAULT_RETRY. */
  retry?: Partial<RetryPolicy>;
  /** Connection + metadata load deadline (default 30 s). */
  connectTimeoutMs?: number;
}

export interface ValidatorFilter {
  /** Minimum stake in TAO (default 0). */
  minStake?: number;
}

export interface ChainClient {
  /** The underlying ApiPromise, for the write side (extrinsics) of this package. */
  readonly api: ApiPromise;
  currentBlock(): Promise<number>;
  metagraph(netuid: number): Promise<Metagraph>;
  hyperparameters(netuid: number): Promise<Hyperparameters>;
  /** Neurons holding a validator permit and at least `minStake` TAO, highest stake first. */
  validators(netuid: number, filter?: ValidatorFilter): Promise<Neuron[]>;
  /** The raw bytes of `hotkey`'s commitment on `netuid` (its fields concatenated); null when it has none. */
  commitment(netuid: number, hotkey: string): Promise<Uint8Array | null>;
  /** `SubtensorModule.CommitRevealWeightsVersion`: the version `commit_timelocked_weights` must carry. */
  commitRevealVersion(): Promise<number>;
  /**
   * The drand beacon the chain ingests (`Drand.BeaconConfig`): the key timelock commits must be
   * encrypted to, and its round clock. Quicknet on finney; the devchain's own beacon there.
   */
  drandBeacon(): Promise<Beacon>;
  /**
   * A signer for `pair` (its hotkey). Throws CHAIN_RUNTIME_UNSUPPORTED when the runtime lacks a
   * call asked for in `options.calls` or has a transaction extension we cannot fill.
   */
  writer(pair: KeyringPair, options?: WriterOptions): ChainWriter;
  close(): Promise<void>;
}

interface RuntimeApis {
  mechagraph: RuntimeApiMethod | undefined;
  neuronsLite: RuntimeApiMethod | undefined;
}

/** Startup check: at least one metagraph runtime API, in both the metadata and the runtime version. */
function checkRuntime(api: ApiPromise): RuntimeApis {
  const apis = {
    mechagraph: findRuntimeApi(api, 'SubnetInfoRuntimeApi', 'get_selective_mechagraph'),
    neuronsLite: findRuntimeApi(api, 'NeuronInfoRuntimeApi', 'get_neurons_lite'),
  };
  if (!apis.mechagraph && !apis.neuronsLite) {
    throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', 'neither SubnetInfoRuntimeApi.get_selective_mechagraph nor NeuronInfoRuntimeApi.get_neurons_lite', {
      context: { specVersion: api.runtimeVersion.specVersion.toNumber() },
    });
  }
  return apis;
}

export async function createChainClient(options: ChainClientOptions): Promise<ChainClient> {
  const url = resolveEndpoint(options.endpoint);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  const api = await connectApi({ url, provider: options.provider, timeoutMs: connectTimeoutMs, reconnectMs: retry.baseDelayMs * 10 });
  let apis: RuntimeApis;
  try {
    apis = checkRuntime(api);
  } catch (err) {
    await api.disconnect().catch(() => undefined);
    throw err;
  }

  const read = <T>(what: string, fn: () => Promise<T>): Promise<T> => withRetry(what, retry, fn);

  function mechagraph(m: RuntimeApiMethod, netuid: number, fields: readonly string[]): Promise<unknown> {
    const indexes = mechagraphFieldIndexes(api, m, fields);
    return read(`get_selective_mechagraph(${netuid})`, () => callRuntimeApi(api, m, [netuid, 0, indexes]));
  }

  const client: ChainClient = {
    api,
    currentBlock: () => read('chain_getHeader', async () => (await api.rpc.chain.getHeader()).number.toNumber()),

    async metagraph(netuid) {
      if (apis.mechagraph) {
        const { block, neurons } = neuronsFromMechagraph(await mechagraph(apis.mechagraph, netuid, MECHAGRAPH_NEURON_FIELDS), netuid);
        return { netuid, block, neurons, source: 'selective-mechagraph' };
      }
      const lite = apis.neuronsLite as RuntimeApiMethod;
      const header = await read('chain_getHeader', () => api.rpc.chain.getHeader());
      const json = await read(`get_neurons_lite(${netuid})`, () => callRuntimeApi(api, lite, [netuid], header.hash.toHex()));
      return { netuid, block: header.number.toNumber(), neurons: neuronsFromLite(json), source: 'neurons-lite' };
    },

    async hyperparameters(netuid) {
      if (!apis.mechagraph) throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', 'hyperparameters need SubnetInfoRuntimeApi.get_selective_mechagraph');
      return hyperparametersFromMechagraph(await mechagraph(apis.mechagraph, netuid, MECHAGRAPH_HYPERPARAMETER_FIELDS), netuid);
    },

    async validators(netuid, filter = {}) {
      const minStake = filter.minStake ?? 0;
      const { neurons } = await client.metagraph(netuid);
      return neurons.filter((n) => n.validatorPermit && n.stake >= minStake).sort((a, b) => (a.stakeRao === b.stakeRao ? a.uid - b.uid : a.stakeRao > b.stakeRao ? -1 : 1));
    },

    async commitment(netuid, hotkey) {
      const query = api.query['commitments']?.['commitmentOf'];
      if (!query) throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', 'Commitments.CommitmentOf is not in the runtime metadata');
      return commitmentBytes(await read(`CommitmentOf(${netuid})`, () => query(netuid, hotkey)));
    },

    async commitRevealVersion() {
      const query = api.query['subtensorModule']?.['commitRevealWeightsVersion'];
      if (!query) throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', 'SubtensorModule.CommitRevealWeightsVersion is not in the runtime metadata');
      const value = await read('CommitRevealWeightsVersion', () => query());
      return Number(value.toString());
    },

    async drandBeacon() {
      const query = api.query['drand']?.['beaconConfig'];
      if (!query) throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', 'Drand.BeaconConfig is not in the runtime metadata');
      return beaconFromConfig(await read('Drand.BeaconConfig', () => query()));
    },

    writer: (pair, writerOptions) => createWriter(api, pair, retry, writerOptions),

    close: () => api.disconnect(),
  };
  return client;
}
