/**
 * The devchain's JSON-RPC method table: what @polkadot/api calls at connect, block and storage
 * reads, `state_call` for the runtime APIs, nonces and `author_submitExtrinsic`. Subscriptions
 * (heads, storage, watched extrinsics) live in subscriptions.ts.
 */
import type { Block } from './blocks';
import type { Chain } from './chain';
import { fixtures, SYSTEM_CHAIN, SYSTEM_PROPERTIES } from './recorded';
import { RpcError } from './rpc-error';
import { runtimeCall } from './runtime';

type Handler = (chain: Chain, params: unknown[]) => unknown;

/** Most keys a `state_getKeysPaged` page holds (substrate's limit). */
const MAX_KEYS_PAGE = 1000;

export function blockAt(chain: Chain, hash: unknown): Block {
  if (hash !== undefined && hash !== null && typeof hash !== 'string') throw new RpcError(-32602, 'Invalid params: block hash must be a string');
  const block = chain.blocks.byHashOrHead(hash ?? undefined);
  if (!block) throw new RpcError(4003, `Client error: UnknownBlock: header not found for ${String(hash)}`);
  return block;
}

export function hexParam(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]*$/.test(value)) throw new RpcError(-32602, `Invalid params: ${what} must be 0x-hex`);
  return value.toLowerCase();
}

function addressParam(value: unknown): string {
  if (typeof value !== 'string' || value.length > 128) throw new RpcError(-32602, 'Invalid params: expected an SS58 address');
  return value;
}

function keysWithPrefix(block: Block, prefix: string): string[] {
  return [...block.storage.keys()].filter((k) => k.startsWith(prefix)).sort();
}


export const HANDLERS: Record<string, Handler> = {
  system_chain: () => SYSTEM_CHAIN,
  system_name: () => 'horde-devchain',
  system_version: () => '0.1.0',
  system_properties: () => SYSTEM_PROPERTIES,
  system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
  system_accountNextIndex: (chain, [address]) => chain.pool.nextIndex(addressParam(address)),
  state_getMetadata: () => fixtures.metadata,
  state_getRuntimeVersion: () => fixtures.block.runtimeVersion,
  chain_getBlockHash: (chain, [n]) => {
    if (n === undefined || n === null) return chain.blocks.head.hash;
    const number = typeof n === 'string' ? Number.parseInt(n, n.startsWith('0x') ? 16 : 10) : Number(n);
    return Number.isSafeInteger(number) ? (chain.blocks.at(number)?.hash ?? null) : null;
  },
  chain_getHeader: (chain, [hash]) => blockAt(chain, hash).header,
  chain_getBlock: (chain, [hash]) => {
    const block = blockAt(chain, hash);
    return { block: { header: block.header, extrinsics: block.extrinsics }, justifications: null };
  },
  chain_getFinalizedHead: (chain) => chain.finalized().hash,
  state_call: (chain, [name, data, at]) => {
    const block = blockAt(chain, at);
    const ctx = { subnet: chain.state.subnet, block: block.number, nonceOf: (address: string) => chain.state.nonceOf(address) };
    const answer = runtimeCall(chain.registry, ctx, String(name), hexParam(data ?? '0x', 'call data'));
    if (answer === undefined) throw new RpcError(-32000, `devchain: runtime API ${String(name)} is not served`);
    return answer;
  },
  state_getStorage: (chain, [key, at]) => blockAt(chain, at).storage.get(hexParam(key, 'storage key')) ?? null,
  state_getKeys: (chain, [prefix, at]) => keysWithPrefix(blockAt(chain, at), hexParam(prefix, 'prefix')),
  state_getKeysPaged: (chain, [prefix, count, startKey, at]) => {
    const keys = keysWithPrefix(blockAt(chain, at), hexParam(prefix ?? '0x', 'prefix'));
    const start = startKey === undefined || startKey === null ? '' : hexParam(startKey, 'start key');
    const limit = Math.min(Math.max(0, Number(count) || 0), MAX_KEYS_PAGE);
    return keys.filter((k) => k > start).slice(0, limit);
  },
  state_queryStorageAt: (chain, [keys, at]) => {
    if (!Array.isArray(keys)) throw new RpcError(-32602, 'Invalid params: keys must be an array');
    const block = blockAt(chain, at);
    return [{ block: block.hash, changes: keys.map((k) => [k, block.storage.get(hexParam(k, 'storage key')) ?? null]) }];
  },
  author_submitExtrinsic: (chain, [extrinsic]) => chain.pool.submit(extrinsic).hash,
  author_pendingExtrinsics: (chain) => chain.pool.pending().map((x) => x.hex),
};

/** Runs a plain (non-subscription) method. */
export function handle(chain: Chain, method: string, params: unknown[]): unknown {
  const handler = HANDLERS[method];
  if (!handler) throw new RpcError(-32601, `Method not found: ${method}`);
  return handler(chain, params);
}
