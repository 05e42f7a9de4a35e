import type { z } from 'zod';
import { ExecutorToMinerMessage, MinerToExecutorMessage } from '@horde/protocol';
import { connectTypedSocket } from '@horde/service';
import type { CloseInfo, Logger, TypedConnection } from '@horde/service';
import { executorErrors } from '../errors';
import { Inbox } from './inbox';

export type ExecutorToMinerInput = z.input<typeof ExecutorToMinerMessage>;

/** The executor's side of its one connection to the miner, as the driver sees it. */
export interface MinerLink {
  /** The miner's requests, kept until the driver asks for them. */
  readonly inbox: Inbox;
  readonly isOpen: boolean;
  /** Resolves once the socket is closed (never rejects). */
  readonly closed: Promise<CloseInfo>;
  /** Validates and sends one message; throws SOCKET_CLOSED when the miner is gone. */
  send(message: ExecutorToMinerInput): void;
  close(code?: number, reason?: string): void;
}

export interface ConnectMinerOptions {
  /** ws:// base URL of the miner (EXECUTOR_MINER_ADDRESS). */
  minerAddress: string;
  token: string;
  logger: Logger;
  connectTimeoutMs: number;
}

/** `<minerAddress>/v0.1/executor_interface/<token>` (reference `EXE/miner_client.py`). */
export function executorInterfaceUrl(minerAddress: string, token: string): string {
  return `${minerAddress.replace(/\/+$/, '')}/v0.1/executor_interface/${encodeURIComponent(token)}`;
}

/**
 * Dials the miner. Inbound requests go to the link's inbox; one the inbox refuses (a duplicate, a
 * job request before the initial one) and any frame that does not parse are answered with
 * `GenericError`, as the reference executor does, and the connection stays up. The socket closing
 * fails the inbox with MINER_DISCONNECTED.
 */
export async function connectMiner(opts: ConnectMinerOptions): Promise<MinerLink> {
  const inbox = new Inbox();
  const onMessage = (message: MinerToExecutorMessage, conn: TypedConnection<typeof ExecutorToMinerMessage>): void => {
    const refusal = inbox.accept(message);
    if (refusal === undefined) return;
    conn.log.warn({ message_type: message.message_type }, 'refused a message from the miner');
    conn.send({ message_type: 'GenericError', details: refusal });
  };
  const conn = await connectTypedSocket(executorInterfaceUrl(opts.minerAddress, opts.token), {
    inbound: MinerToExecutorMessage,
    outbound: ExecutorToMinerMessage,
    logger: opts.logger,
    connectTimeoutMs: opts.connectTimeoutMs,
    handlers: { GenericError: onMessage, V0InitialJobRequest: onMessage, V0JobRequest: onMessage },
    onInvalidFrame: (error, c) => {
      if (c.isOpen) c.send({ message_type: 'GenericError', details: error.message });
    },
    onClose: (info) => {
      inbox.fail(executorErrors.error('MINER_DISCONNECTED', `close code ${info.code}`, { context: { code: info.code, reason: info.reason } }));
    },
  });
  return {
    inbox,
    get isOpen() {
      return conn.isOpen;
    },
    closed: conn.closed,
    send: (message) => conn.send(message),
    close: (code, reason) => conn.close(code, reason),
  };
}
