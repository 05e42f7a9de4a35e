/**
 * A fake miner for executor tests: a real WebSocket server on 127.0.0.1 port 0 serving
 * `/v0.1/executor_interface/<token>` with the real miner ↔ executor schemas, so that the executor
 * under test speaks exactly the protocol it speaks in production. The test scripts the miner's side.
 */
import type { z } from 'zod';
import { ExecutorToMinerMessage, MinerToExecutorMessage } from '@horde/protocol';
import { createHttpServer, registerTypedSocket } from '@horde/service';
import type { CloseInfo, Handlers, Logger, TypedConnection } from '@horde/service';

type Received = ExecutorToMinerMessage;
type ReceivedType = Received['message_type'];
type Outbound = typeof MinerToExecutorMessage;

/** Every type the executor may send; a missing one is a compile error. */
const RECEIVED_TYPES: Record<ReceivedType, true> = {
  GenericError: true,
  V0ExecutorReadyRequest: true,
  V0VolumesReadyRequest: true,
  V0StreamingJobReadyRequest: true,
  V0ExecutionDoneRequest: true,
  V0MachineSpecsRequest: true,
  V0JobFinishedRequest: true,
  V0JobFailedRequest: true,
  V0HordeFailedRequest: true,
  V0ExecutorFailedRequest: true,
  V0StreamingJobNotReadyRequest: true,
};

export interface FakeMiner {
  /** ws:// base address to give the executor (EXECUTOR_MINER_ADDRESS). */
  readonly address: string;
  /** Every message received so far, in order. */
  readonly received: readonly Received[];
  /** Resolves with the token of the executor once it connected. */
  connected(timeoutMs?: number): Promise<string>;
  /** The next message not yet taken by `next`/`expect`, in arrival order. */
  next(timeoutMs?: number): Promise<Received>;
  /** The next message, which must be of `type` (rejects naming what came instead). */
  expect<T extends ReceivedType>(type: T, timeoutMs?: number): Promise<Extract<Received, { message_type: T }>>;
  /** Sends a frame to the connected executor. */
  send(message: z.input<Outbound>): void;
  /** Closes the executor's connection, as a crashing miner would. */
  disconnect(code?: number): void;
  /** Resolves once the executor's connection is closed. */
  disconnected(timeoutMs?: number): Promise<CloseInfo>;
  close(): Promise<void>;
}

export async function startFakeMiner(logger: Logger): Promise<FakeMiner> {
  const app = createHttpServer({ logger });
  const received: Received[] = [];
  let taken = 0;
  const wakers = new Set<() => void>();
  let conn: TypedConnection<Outbound> | undefined;
  let token: string | undefined;
  const onConnect = new Set<() => void>();

  const record = (message: Received): void => {
    received.push(message);
    for (const wake of wakers) wake();
  };
  const handlers = Object.fromEntries(Object.keys(RECEIVED_TYPES).map((type) => [type, record])) as unknown as Handlers<typeof ExecutorToMinerMessage, Outbound>;

  registerTypedSocket(app, {
    path: '/v0.1/executor_interface/:token',
    inbound: ExecutorToMinerMessage,
    outbound: MinerToExecutorMessage,
    logger,
    onConnection: (c, request) => {
      conn = c;
      token = (request.params as { token: string }).token;
      for (const wake of onConnect) wake();
      return { handlers };
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;

  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string, set: Set<() => void>): Promise<T> =>
    new Promise((resolve, reject) => {
      const now = check();
      if (now !== undefined) return resolve(now);
      const wake = (): void => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake miner: no ${what} within ${timeoutMs} ms; received ${received.map((m) => m.message_type).join(', ') || 'nothing'}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        set.delete(wake);
      };
      set.add(wake);
    });

  const next = (timeoutMs = 10_000): Promise<Received> =>
    until(() => (taken < received.length ? received[taken++] : undefined), timeoutMs, 'message', wakers);

  return {
    address: `ws://127.0.0.1:${port}`,
    received,
    connected: (timeoutMs = 10_000) => until(() => token, timeoutMs, 'connection', onConnect),
    next,
    async expect(type, timeoutMs) {
      const message = await next(timeoutMs);
      if (message.message_type !== type) {
        throw new Error(`fake miner: expected ${type}, got ${message.message_type}: ${JSON.stringify(message).slice(0, 2000)}`);
      }
      return message as Extract<Received, { message_type: typeof type }>;
    },
    send(message) {
      if (!conn) throw new Error('fake miner: no executor connected');
      conn.send(message);
    },
    disconnect(code = 1011) {
      conn?.close(code, 'fake miner going away');
    },
    async disconnected(timeoutMs = 10_000) {
      const c = conn;
      if (!c) throw new Error('fake miner: no executor connected');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('fake miner: executor still connected')), timeoutMs)));
      return Promise.race([c.closed, timeout]).finally(() => clearTimeout(timer));
    },
    close: () => app.close(),
  };
}
