/**
 * `createDevchain`: a substrate JSON-RPC 2.0 server over WebSocket (127.0.0.1 by default) serving the real
 * subtensor metadata and a configured subnet, producing a block every `blockTimeMs` (or on
 * `produceBlock()`), and accepting signed extrinsics, which it applies with subtensor's rules.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { Chain } from './chain';
import type { IncludedExtrinsic } from './chain';
import type { DrandHook } from './reveal-timelocked';
import { handle, HANDLERS } from './rpc';
import { RpcError } from './rpc-error';
import { createRuntime } from './runtime';
import type { DevchainStateSnapshot } from './state';
import { SubnetDescription } from './subnet';
import type { SubnetInput } from './subnet';
import { SUBSCRIPTION_METHODS, Subscriptions } from './subscriptions';

export interface DevchainOptions {
  subnet: SubnetInput;
  /** Time between blocks (default 12 000 ms, as finney); 0 produces blocks only on `produceBlock()`. */
  blockTimeMs?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Address to listen on: 127.0.0.1 (default); `0.0.0.0` in a container other containers dial. */
  host?: string;
  /** The drand beacon that opens timelocked commits; without it they stay stored. */
  drand?: DrandHook;
}

export interface BlockRef {
  number: number;
  hash: string;
}

export interface Devchain {
  /** ws://<host>:<port> (127.0.0.1 when listening on every interface). */
  readonly url: string;
  /** The current best (and finalized) block number. */
  blockNumber(): number;
  /** Seals the next block now, with whatever the pool holds. */
  produceBlock(): BlockRef;
  /** Calls `listener` after each sealed block; returns the unsubscribe function. */
  onBlock(listener: (block: BlockRef) => void): () => void;
  /** Every included extrinsic so far, as plain data. */
  extrinsics(): IncludedExtrinsic[];
  /** The chain state after the head block, as plain data. */
  state(): DevchainStateSnapshot;
  close(): Promise<void>;
}

/** Largest WebSocket frame accepted (an extrinsic is at most 5 MiB, hex doubles it). */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

interface Request {
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

function errorBody(err: unknown): { code: number; message: string; data?: string } {
  if (err instanceof RpcError) return { code: err.code, message: err.message, ...(err.data === undefined ? {} : { data: err.data }) };
  return { code: -32603, message: `Internal error: ${err instanceof Error ? err.message : String(err)}` };
}

export async function createDevchain(options: DevchainOptions): Promise<Devchain> {
  const chain = new Chain(createRuntime(), SubnetDescription.parse(options.subnet), options.drand);
  const send = (socket: WebSocket, message: unknown): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const subscriptions = new Subscriptions(chain, send);
  const listeners = new Set<(block: BlockRef) => void>();
  const methods = [...Object.keys(HANDLERS), ...SUBSCRIPTION_METHODS, 'rpc_methods'].sort();

  function answer(socket: WebSocket, request: unknown): unknown {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } };
    }
    const { id = null, method, params } = request as Request;
    try {
      if (typeof method !== 'string') throw new RpcError(-32600, 'Invalid request');
      const args = Array.isArray(params) ? params : [];
      let result: unknown;
      if (method === 'rpc_methods') result = { methods };
      else if (subscriptions.handles(method)) result = subscriptions.call(socket, method, args);
      else result = handle(chain, method, args);
      return { jsonrpc: '2.0', id, result };
    } catch (err) {
      return { jsonrpc: '2.0', id, error: errorBody(err) };
    }
  }

  function onMessage(socket: WebSocket, data: string): void {
    let request: unknown;
    try {
      request = JSON.parse(data);
    } catch {
      send(socket, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    send(socket, Array.isArray(request) ? request.map((r) => answer(socket, r)) : answer(socket, request));
  }

  function produceBlock(): BlockRef {
    const previous = chain.blocks.head;
    const sealed = chain.produceBlock();
    subscriptions.onBlock(sealed, previous);
    const ref = { number: sealed.block.number, hash: sealed.block.hash };
    for (const listener of listeners) listener(ref);
    return ref;
  }

  const host = options.host ?? '127.0.0.1';
  const wss = new WebSocketServer({ host, port: options.port ?? 0, maxPayload: MAX_FRAME_BYTES });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => onMessage(socket, data.toString()));
    socket.on('error', () => socket.terminate());
    socket.on('close', () => subscriptions.dropSocket(socket));
  });
  const blockTimeMs = options.blockTimeMs ?? 12_000;
  const timer = blockTimeMs > 0 ? setInterval(produceBlock, blockTimeMs) : undefined;
  const { port } = wss.address() as AddressInfo;

  return {
    url: `ws://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`,
    blockNumber: () => chain.blocks.head.number,
    produceBlock,
    onBlock(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    extrinsics: () => chain.extrinsics(),
    state: () => chain.state.snapshot(chain.blocks.head.number),
    async close() {
      clearInterval(timer);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
