/**
 * The devchain's JSON-RPC subscriptions: new/finalized heads, the runtime version, storage keys,
 * and watched extrinsics (`author_submitAndWatchExtrinsic`: "ready", then {inBlock} when a block
 * includes it, then {finalized} when the next block is sealed: a block is final once it has a child).
 */
import type { WebSocket } from 'ws';
import type { Block } from './blocks';
import type { Chain, SealedBlock } from './chain';
import { fixtures } from './recorded';
import { hexParam } from './rpc';
import { RpcError } from './rpc-error';

/** What a subscription sends: its first notifications, then per sealed block (done: it ends). */
interface Stream {
  first: unknown[];
  next(sealed: SealedBlock, previous: Block): { results: unknown[]; done: boolean };
}

interface Kind {
  notify: string;
  unsubscribe: string;
  start(chain: Chain, params: unknown[]): Stream;
}

const heads = (notify: string, unsubscribe: string): Kind => ({
  notify,
  unsubscribe,
  start: (chain) => ({ first: [chain.blocks.head.header], next: ({ block }) => ({ results: [block.header], done: false }) }),
});

const finalizedHeads: Kind = {
  notify: 'chain_finalizedHead',
  unsubscribe: 'chain_unsubscribeFinalizedHeads',
  start: (chain) => ({ first: [chain.finalized().header], next: (_, previous) => ({ results: [previous.header], done: false }) }),
};

const storage: Kind = {
  notify: 'state_storage',
  unsubscribe: 'state_unsubscribeStorage',
  start(chain, [keys]) {
    if (!Array.isArray(keys)) throw new RpcError(-32602, 'Invalid params: keys must be an array');
    const wanted = keys.map((k) => hexParam(k, 'storage key'));
    const head = chain.blocks.head;
    return {
      first: [{ block: head.hash, changes: wanted.map((k) => [k, head.storage.get(k) ?? null]) }],
      next({ block }, previous) {
        const changed = wanted.filter((k) => block.storage.get(k) !== previous.storage.get(k));
        return { results: changed.length === 0 ? [] : [{ block: block.hash, changes: changed.map((k) => [k, block.storage.get(k) ?? null]) }], done: false };
      },
    };
  },
};

const watchExtrinsic: Kind = {
  notify: 'author_extrinsicUpdate',
  unsubscribe: 'author_unwatchExtrinsic',
  start(chain, [extrinsic]) {
    const { hash } = chain.pool.submit(extrinsic);
    let inBlock: string | undefined;
    return {
      first: ['ready'],
      next({ block, included }) {
        if (inBlock) return { results: [{ finalized: inBlock }], done: true };
        if (!included.includes(hash)) return { results: [], done: false };
        inBlock = block.hash;
        return { results: [{ inBlock }], done: false };
      },
    };
  },
};

const KINDS: Readonly<Record<string, Kind>> = {
  // The name @polkadot/api uses; substrate nodes keep it as an alias.
  chain_subscribeNewHead: heads('chain_newHead', 'chain_unsubscribeNewHead'),
  chain_subscribeNewHeads: heads('chain_newHead', 'chain_unsubscribeNewHeads'),
  chain_subscribeAllHeads: heads('chain_allHead', 'chain_unsubscribeAllHeads'),
  chain_subscribeFinalizedHeads: finalizedHeads,
  state_subscribeRuntimeVersion: {
    notify: 'state_runtimeVersion',
    unsubscribe: 'state_unsubscribeRuntimeVersion',
    start: () => ({ first: [fixtures.block.runtimeVersion], next: () => ({ results: [], done: false }) }),
  },
  state_subscribeStorage: storage,
  author_submitAndWatchExtrinsic: watchExtrinsic,
};

const UNSUBSCRIBE = new Set(Object.values(KINDS).map((k) => k.unsubscribe));

/** Every subscription method name (subscribe and unsubscribe), for `rpc_methods`. */
export const SUBSCRIPTION_METHODS = [...Object.keys(KINDS), ...UNSUBSCRIBE];

interface Live {
  socket: WebSocket;
  notify: string;
  stream: Stream;
}

export type Send = (socket: WebSocket, message: unknown) => void;

export class Subscriptions {
  private readonly live = new Map<string, Live>();
  private nextId = 1;

  constructor(
    private readonly chain: Chain,
    private readonly send: Send,
  ) {}

  handles(method: string): boolean {
    return method in KINDS || UNSUBSCRIBE.has(method);
  }

  /** Subscribes or unsubscribes; the answer is the subscription id or a boolean. Throws RpcError. */
  call(socket: WebSocket, method: string, params: unknown[]): unknown {
    const kind = KINDS[method];
    if (!kind) return this.live.delete(String(params[0]));
    const stream = kind.start(this.chain, params);
    const id = `0x${(this.nextId++).toString(16).padStart(16, '0')}`;
    const entry = { socket, notify: kind.notify, stream };
    this.live.set(id, entry);
    // The subscription id must reach the client before its first notification.
    queueMicrotask(() => stream.first.forEach((result) => this.notify(id, entry, result)));
    return id;
  }

  onBlock(sealed: SealedBlock, previous: Block): void {
    for (const [id, entry] of this.live) {
      const { results, done } = entry.stream.next(sealed, previous);
      for (const result of results) this.notify(id, entry, result);
      if (done) this.live.delete(id);
    }
  }

  dropSocket(socket: WebSocket): void {
    for (const [id, entry] of this.live) if (entry.socket === socket) this.live.delete(id);
  }

  private notify(id: string, entry: Live, result: unknown): void {
    this.send(entry.socket, { jsonrpc: '2.0', method: entry.notify, params: { subscription: id, result } });
  }
}
