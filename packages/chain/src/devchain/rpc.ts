/**
 * The devchain's JSON-RPC method table: what @polkadot/api calls at connect, the block reads, and
 * `state_call` for the metagraph runtime APIs. Subscriptions are listed apart (see server.ts).
 */
import type { TypeRegistry } from '@polkadot/types';
import type { BlockLog } from './blocks';
import { fixtures, SYSTEM_CHAIN, SYSTEM_PROPERTIES } from './recorded';
import { runtimeCall } from './runtime';
import type { SubnetDescription } from './subnet';

export interface DevchainState {
  registry: TypeRegistry;
  blocks: BlockLog;
  subnet: SubnetDescription;
}

/** A method the devchain does not serve, or bad params: a JSON-RPC error. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (state: DevchainState, params: unknown[]) => unknown;

/** subscribe method → [notification method, unsubscribe method]. */
export const SUBSCRIPTIONS: Record<string, [string, string]> = {
  // The name @polkadot/api uses; substrate nodes keep it as an alias.
  chain_subscribeNewHead: ['chain_newHead', 'chain_unsubscribeNewHead'],
  chain_subscribeNewHeads: ['chain_newHead', 'chain_unsubscribeNewHeads'],
  chain_subscribeAllHeads: ['chain_allHead', 'chain_unsubscribeAllHeads'],
  chain_subscribeFinalizedHeads: ['chain_finalizedHead', 'chain_unsubscribeFinalizedHeads'],
  state_subscribeRuntimeVersion: ['state_runtimeVersion', 'state_unsubscribeRuntimeVersion'],
};

function blockAt(state: DevchainState, hash: unknown) {
  const block = state.blocks.byHashOrHead(hash);
  if (!block) throw new RpcError(-32000, `unknown block ${String(hash)}`);
  return block;
}

const HANDLERS: Record<string, Handler> = {
  rpc_methods: () => ({ methods: [...Object.keys(HANDLERS), ...Object.keys(SUBSCRIPTIONS), ...Object.values(SUBSCRIPTIONS).map(([, unsub]) => unsub)].sort() }),
  system_chain: () => SYSTEM_CHAIN,
  system_name: () => 'horde-devchain',
  system_version: () => '0.1.0',
  system_properties: () => SYSTEM_PROPERTIES,
  system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
  state_getMetadata: () => fixtures.metadata,
  state_getRuntimeVersion: () => fixtures.block.runtimeVersion,
  chain_getBlockHash: (state, [n]) => {
    if (n === undefined || n === null) return state.blocks.head.hash;
    return state.blocks.at(typeof n === 'string' ? Number.parseInt(n, n.startsWith('0x') ? 16 : 10) : Number(n))?.hash ?? null;
  },
  chain_getHeader: (state, [hash]) => blockAt(state, hash).header,
  chain_getFinalizedHead: (state) => state.blocks.head.hash,
  state_call: (state, [name, data, at]) => {
    const block = blockAt(state, at);
    const answer = runtimeCall(state.registry, state.subnet, block.number, String(name), String(data ?? '0x'));
    if (answer === undefined) throw new RpcError(-32000, `devchain: runtime API ${String(name)} is not served`);
    return answer;
  },
};

/** Runs a plain (non-subscription) method. */
export function handle(state: DevchainState, method: string, params: unknown[]): unknown {
  const handler = HANDLERS[method];
  if (!handler) throw new RpcError(-32601, `Method not found: ${method}`);
  return handler(state, params);
}
