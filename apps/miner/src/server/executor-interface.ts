import type { Hotkey } from '@horde/hotkey';
import { ExecutorToMinerMessage, MinerToExecutorMessage } from '@horde/protocol';
import type { V0InitialJobRequest } from '@horde/protocol';
import { registerTypedSocket } from '@horde/service';
import type { ConnectionSetup, HttpServer, Logger, ServerSocketOptions } from '@horde/service';
import { minerErrors } from '../errors';
import type { ExecutorSlots } from '../services/executor-slots';
import { executorHandlers } from '../services/executor-events';
import type { JobLifecycle } from '../services/job-lifecycle';
import type { ExecutorConnection, JobSession, JobSessions } from '../services/job-sessions';
import { genericError } from './generic-error';

export const EXECUTOR_INTERFACE_PATH = '/v0.1/executor_interface/:token';

type In = typeof ExecutorToMinerMessage;
type Out = typeof MinerToExecutorMessage;
type UpgradeRequest = Parameters<ServerSocketOptions<In, Out>['onConnection']>[1];

export interface ExecutorInterfaceDeps {
  readonly hotkey: Hotkey;
  readonly sessions: JobSessions;
  readonly lifecycle: JobLifecycle;
  readonly executors: ExecutorSlots;
  readonly logger: Logger;
}

/**
 * `/v0.1/executor_interface/<token>` (docs/PROTOCOL.md, "Miner ↔ executor"): the token is the only
 * credential. Only the job waiting for its executor accepts a connection, and only the first one;
 * it is sent the job's V0InitialJobRequest, and everything the executor reports is relayed to the
 * validator.
 */
export function registerExecutorInterface(app: HttpServer, deps: ExecutorInterfaceDeps): void {
  registerTypedSocket(app, {
    path: EXECUTOR_INTERFACE_PATH,
    inbound: ExecutorToMinerMessage,
    outbound: MinerToExecutorMessage,
    logger: deps.logger,
    onConnection: (conn, request) => openConnection(conn, request, deps),
    onInvalidFrame: (error, conn) => reply(conn, error),
    onHandlerError: (error, _type, conn) => reply(conn, error),
  });
}

function reply(conn: ExecutorConnection, error: unknown): void {
  if (conn.isOpen) conn.send(genericError(error));
}

async function openConnection(conn: ExecutorConnection, request: UpgradeRequest, deps: ExecutorInterfaceDeps): Promise<ConnectionSetup<In, Out>> {
  const token = (request.params as { token: string }).token;
  const session = deps.sessions.get(token);
  // Only a job waiting for its executor (DB status WAITING_FOR_EXECUTOR) takes one, and only once.
  const waiting = session !== undefined && (session.state === 'reserving' || session.state === 'starting');
  if (!waiting) {
    const code = session !== undefined && session.executor !== undefined ? 'EXECUTOR_ALREADY_CONNECTED' : 'EXECUTOR_TOKEN_UNKNOWN';
    const error = minerErrors.error(code);
    reply(conn, error);
    throw error; // closes with 4002
  }
  session.executor = conn;
  session.state = 'connected';
  session.log.info({ remote_address: conn.remoteAddress }, 'executor connected');
  conn.send(await initialRequestFor(session, request, deps.executors));
  return {
    handlers: executorHandlers(session, { hotkey: deps.hotkey, lifecycle: deps.lifecycle }),
    onClose: async () => {
      if (session.ended) return;
      await deps.lifecycle.hordeFailure(session, 'executor_disconnected', 'Executor disconnected before reporting a result', 'kill');
    },
  };
}

/**
 * The stored initial request; for a streaming job `streaming_details.executor_ip` is filled in as
 * the reference does: the manager's public address of the executor, else the `X-Real-IP` header,
 * else the peer address.
 */
async function initialRequestFor(session: JobSession, request: UpgradeRequest, executors: ExecutorSlots): Promise<V0InitialJobRequest> {
  const initial = session.initialRequest;
  if (!initial.streaming_details) return initial;
  const realIp = request.headers['x-real-ip'];
  const ip = (await executors.publicAddress(session.token)) ?? (typeof realIp === 'string' && realIp !== '' ? realIp : request.ip);
  session.executorIp = ip;
  return { ...initial, streaming_details: { ...initial.streaming_details, executor_ip: ip } };
}
