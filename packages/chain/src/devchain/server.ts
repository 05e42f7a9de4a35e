/**
 * `createDevchain`: a substrate JSON-RPC 2.0 server over WebSocket (127.0.0.1) serving the real
 * subtensor metadata, a configured subnet, and a block every `blockTimeMs`.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { BlockLog } from './blocks';
import type { Block } from './blocks';
import { fixtures } from './recorded';
import { handle, RpcError, SUBSCRIPTIONS } from './rpc';
import type { DevchainState } from './rpc';
import { createRuntimeRegistry } from './runtime';
import { SubnetDescription } from './subnet';
import type { SubnetInput } from './subnet';

export interface DevchainOptions {
  subnet: SubnetInput;
  /** Time between blocks (default 12 000 ms, as finney). */
  blockTimeMs?: number;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface Devchain {
  /** ws://127.0.0.1:<port> */
  readonly url: string;
  /** The current best (and finalized) block number. */
  blockNumber(): number;
  close(): Promise<void>;
}

const RUNTIME_VERSION_SUBSCRIPTIONS = new Set(['state_subscribeRuntimeVersion']);

interface Subscription {
  socket: WebSocket;
  notify: string;
  kind: string;
}

interface Request {
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

export async function createDevchain(options: DevchainOptions): Promise<Devchain> {
  const registry = createRuntimeRegistry();
  const state: DevchainState = { registry, blocks: new BlockLog(registry), subnet: SubnetDescription.parse(options.subnet) };
  const subscriptions = new Map<string, Subscription>();
  let nextSubscription = 1;

  const send = (socket: WebSocket, message: unknown): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const notify = (sub: Subscription, id: string, result: unknown): void =>
    send(sub.socket, { jsonrpc: '2.0', method: sub.notify, params: { subscription: id, result } });
  const firstResult = (kind: string): unknown => (RUNTIME_VERSION_SUBSCRIPTIONS.has(kind) ? fixtures.block.runtimeVersion : state.blocks.head.header);

  function answer(socket: WebSocket, request: Request): unknown {
    const method = String(request.method);
    const params = Array.isArray(request.params) ? request.params : [];
    const sub = SUBSCRIPTIONS[method];
    if (sub) {
      const id = `0x${(nextSubscription++).toString(16).padStart(16, '0')}`;
      const entry = { socket, notify: sub[0], kind: method };
      subscriptions.set(id, entry);
      // The subscription id must reach the client before its first notification.
      queueMicrotask(() => notify(entry, id, firstResult(method)));
      return id;
    }
    if (Object.values(SUBSCRIPTIONS).some(([, unsub]) => unsub === method)) return subscriptions.delete(String(params[0]));
    return handle(state, method, params);
  }

  function onMessage(socket: WebSocket, data: string): void {
    let request: Request;
    try {
      request = JSON.parse(data) as Request;
    } catch {
      send(socket, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    try {
      send(socket, { jsonrpc: '2.0', id: request.id, result: answer(socket, request) });
    } catch (err) {
      const code = err instanceof RpcError ? err.code : -32603;
      send(socket, { jsonrpc: '2.0', id: request.id, error: { code, message: err instanceof Error ? err.message : String(err) } });
    }
  }

  function produce(): void {
    const block: Block = state.blocks.append();
    for (const [id, sub] of subscriptions) {
      if (!RUNTIME_VERSION_SUBSCRIPTIONS.has(sub.kind)) notify(sub, id, block.header);
    }
  }

  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => onMessage(socket, data.toString()));
    socket.on('close', () => {
      for (const [id, sub] of subscriptions) if (sub.socket === socket) subscriptions.delete(id);
    });
  });
  const timer = setInterval(produce, options.blockTimeMs ?? 12_000);
  const { port } = wss.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}`,
    blockNumber: () => state.blocks.head.number,
    async close() {
      clearInterval(timer);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
