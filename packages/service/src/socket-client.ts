import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { serviceErrors } from './errors';
import { SocketConnection } from './typed-connection';
import { DEFAULT_MAX_FRAME_BYTES } from './typed-socket';
import type { ConnectionSetup, MessageSchema, OutboundSchema, TypedConnection, TypedSocketOptions } from './typed-socket';

export interface ClientSocketOptions<In extends MessageSchema, Out extends OutboundSchema> extends TypedSocketOptions<In, Out>, ConnectionSetup<In, Out> {
  /** Extra HTTP headers of the opening handshake. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Bound on TCP connect + opening handshake. */
  readonly connectTimeoutMs: number;
}

/**
 * Dials a typed WebSocket channel. Resolves once the socket is open; rejects with
 * SOCKET_CONNECT_FAILED (refused, reset, DNS, or a 5xx answer), SOCKET_HANDSHAKE_REJECTED (a 4xx
 * answer; context.status) or SOCKET_CONNECT_TIMEOUT. Reconnecting is the caller's business.
 */
export function connectTypedSocket<In extends MessageSchema, Out extends OutboundSchema>(url: string, options: ClientSocketOptions<In, Out>): Promise<TypedConnection<Out>> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    return Promise.reject(serviceErrors.error('CONFIG_INVALID', 'WebSocket URL is not a URL', { cause }));
  }
  if (!['ws:', 'wss:'].includes(parsed.protocol)) {
    return Promise.reject(serviceErrors.error('CONFIG_INVALID', `WebSocket URL protocol must be ws: or wss:, not ${parsed.protocol}`));
  }
  // Paths may carry tokens (executor_interface/<token>) and queries credentials: log the origin only.
  const target = parsed.origin;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { ...options.headers }, maxPayload: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES });
    let settled = false;
    let remoteAddress = parsed.hostname;

    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(serviceErrors.error('SOCKET_CONNECT_TIMEOUT', `${target} after ${options.connectTimeoutMs} ms`, { context: { url: target } })),
      options.connectTimeoutMs,
    );

    ws.on('error', (cause: NodeJS.ErrnoException) =>
      fail(serviceErrors.error('SOCKET_CONNECT_FAILED', target, { cause, context: { url: target, ...(cause.code ? { errno: cause.code } : {}) } })),
    );
    ws.on('unexpected-response', (_request, response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      response.resume();
      const code = status >= 400 && status < 500 ? 'SOCKET_HANDSHAKE_REJECTED' : 'SOCKET_CONNECT_FAILED';
      fail(serviceErrors.error(code, `${target} answered HTTP ${status}`, { context: { url: target, status } }));
    });
    ws.on('upgrade', (response: IncomingMessage) => {
      remoteAddress = response.socket.remoteAddress ?? remoteAddress;
    });
    ws.once('open', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const conn = new SocketConnection(ws, remoteAddress, options, { url: target });
      conn.attach(() => options);
      conn.log.info({ remote_address: remoteAddress }, 'connection opened');
      resolve(conn);
    });
  });
}

