/**
 * A no-network ProviderInterface for @polkadot/api that serves the recorded finney fixtures
 * (spec 343 metadata, runtime version, header, and the two metagraph runtime-API answers).
 * Faults can be switched on to exercise the client's error paths.
 */
import type { ApiOptions } from '@polkadot/api/types';
import { stringToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { FAKE_GENESIS_HASH, fixtures, SYSTEM_CHAIN, SYSTEM_PROPERTIES } from '../devchain/recorded';

/** @polkadot/rpc-provider is not a direct dependency; take its interface from ApiOptions. */
export type ProviderInterface = NonNullable<ApiOptions['provider']>;
type EmitParams = Parameters<ProviderInterface['on']>;
type SubscribeCallback = Parameters<ProviderInterface['subscribe']>[3];

export { FAKE_GENESIS_HASH, fixtures };

/** What the fake answers badly. `down`: every call rejects as a dropped socket would. */
export interface FakeProviderFaults {
  down?: boolean;
  /** Every call stays unanswered (a stalled node). */
  hang?: boolean;
  /** Runtime-API method names (`Trait_fn`) answered with bytes that do not decode. */
  malformed?: string[];
  /** Runtime APIs (e.g. 'SubnetInfoRuntimeApi') left out of the runtime version, as an older or newer runtime would. */
  withoutApis?: string[];
}

export interface FakeProviderOptions {
  faults?: FakeProviderFaults;
}

/** A ProviderInterface answering from a table; `calls` records every RPC method seen. */
export class FakeProvider implements ProviderInterface {
  readonly hasSubscriptions = false;
  readonly isClonable = false;
  readonly isConnected = true;
  readonly stats = undefined;
  readonly calls: string[] = [];
  faults: FakeProviderFaults;

  constructor(options: FakeProviderOptions = {}) {
    this.faults = options.faults ?? {};
  }

  clone(): ProviderInterface {
    throw new Error('FakeProvider cannot be cloned');
  }

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}

  on(_type: EmitParams[0], _sub: EmitParams[1]): () => void {
    return () => undefined;
  }

  async subscribe(_type: string, method: string, _params: unknown[], _cb: SubscribeCallback): Promise<number | string> {
    throw new Error(`FakeProvider has no subscriptions (${method})`);
  }

  async unsubscribe(): Promise<boolean> {
    return true;
  }

  async send<T>(method: string, params: unknown[]): Promise<T> {
    this.calls.push(method);
    if (this.faults.down) throw new Error('WebSocket is not connected');
    if (this.faults.hang) return new Promise<T>(() => undefined);
    return this.answer(method, params) as T;
  }

  private answer(method: string, params: unknown[]): unknown {
    const { block } = fixtures;
    switch (method) {
      case 'chain_getBlockHash':
        return params[0] === 0 ? FAKE_GENESIS_HASH : block.blockHash;
      case 'chain_getFinalizedHead':
        return block.blockHash;
      case 'chain_getHeader':
        return block.header;
      case 'state_getRuntimeVersion':
        return this.runtimeVersion();
      case 'state_getMetadata':
        return fixtures.metadata;
      case 'system_chain':
        return SYSTEM_CHAIN;
      case 'system_properties':
        return SYSTEM_PROPERTIES;
      case 'rpc_methods':
        return { methods: [] };
      case 'state_call':
        return this.stateCall(String(params[0]));
      default:
        throw new Error(`FakeProvider: unhandled RPC ${method}`);
    }
  }

  private runtimeVersion(): Record<string, unknown> {
    const dropped = new Set<string>((this.faults.withoutApis ?? []).map((name) => blake2AsHex(stringToU8a(name), 64)));
    const apis = fixtures.block.runtimeVersion['apis'] as [string, number][];
    return { ...fixtures.block.runtimeVersion, apis: apis.filter(([id]) => !dropped.has(id)) };
  }

  private stateCall(name: string): string {
    if (this.faults.malformed?.includes(name)) return '0x01ff';
    switch (name) {
      case 'NeuronInfoRuntimeApi_get_neurons_lite':
        return fixtures.neuronsLite;
      case 'SubnetInfoRuntimeApi_get_selective_mechagraph':
        return fixtures.selectiveMechagraph;
      default:
        // Includes Metadata_metadata_versions: forces the state_getMetadata path.
        throw new Error(`FakeProvider: unhandled state_call ${name}`);
    }
  }
}
