import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serviceErrors } from './errors';
import { SocketConnection } from './typed-connection';
import { DEFAULT_MAX_FRAME_BYTES } from './typed-socket';
import type { ConnectionSetup, MessageSchema, OutboundSchema, TypedConnection, TypedSocketOptions } from './typed-socket';
import { ensureWebsocket } from './websocket-plugin';

export interface ServerSocketOptions<In extends MessageSchema, Out extends OutboundSchema> extends TypedSocketOptions<In, Out> {
  /** Fastify route path; may hold parameters (`/v0.1/validator_interface/:validator_hotkey`). */
  readonly path: string;
  /**
   * Called for each accepted connection; returns its handlers. May be async (e.g. to look the peer
   * up): frames arriving meanwhile wait. If it throws, the socket is closed with the error's
   * `wsClose` (a HordeError) or 1011.
   */
  readonly onConnection: (conn: TypedConnection<Out>, request: FastifyRequest) => ConnectionSetup<In, Out> | Promise<ConnectionSetup<In, Out>>;
}

/**
 * Serves a typed WebSocket channel on `path`. Registers @fastify/websocket on `app` when needed,
 * with this channel's `maxFrameBytes` as the instance-wide ceiling; a channel asking for more than
 * the ceiling already in place fails at `app.ready()` with CONFIG_INVALID.
 */
export function registerTypedSocket<In extends MessageSchema, Out extends OutboundSchema>(app: FastifyInstance, options: ServerSocketOptions<In, Out>): void {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  ensureWebsocket(app, maxFrameBytes);
  void app.register(async (scope) => {
    const ceiling = scope.websocketServer.options.maxPayload ?? Number.POSITIVE_INFINITY;
    if (ceiling < maxFrameBytes) {
      throw serviceErrors.error('CONFIG_INVALID', `${options.path}: maxFrameBytes ${maxFrameBytes} exceeds the server's WebSocket limit ${ceiling}`);
    }
    scope.get(options.path, { websocket: true }, (socket, request) => {
      const conn = new SocketConnection(socket, request.ip, options, { path: options.path });
      conn.log.info({ remote_address: conn.remoteAddress }, 'connection opened');
      conn.attach(() => options.onConnection(conn, request));
    });
  });
}
