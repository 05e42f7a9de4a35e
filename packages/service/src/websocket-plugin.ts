import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { CloseCode } from './close-codes';

const withWebsocket = new WeakSet<FastifyInstance>();

/**
 * Registers @fastify/websocket once per Fastify instance. `maxPayload` is the ceiling of every
 * WebSocket route on that instance (ws closes with 1009 above it); each typed socket checks its own,
 * possibly lower, limit. On `app.close()` open sockets are closed with 1012 (service restart) so
 * peers know to reconnect.
 */
export function ensureWebsocket(app: FastifyInstance, maxPayload: number): void {
  if (withWebsocket.has(app) || app.hasDecorator('websocketServer')) return;
  withWebsocket.add(app);
  void app.register(websocket, {
    options: { maxPayload },
    preClose(this: FastifyInstance, done) {
      for (const client of this.websocketServer.clients) client.close(CloseCode.SERVICE_RESTART, 'server shutting down');
      this.websocketServer.close(() => done());
    },
    // Errors of an established socket: ws is already closing it (e.g. 1009 for an oversized
    // frame); make sure it does close, without the default's abrupt terminate().
    errorHandler(error, socket, request) {
      request.log.debug({ err: error }, 'websocket error');
      if (socket.readyState === WebSocket.OPEN) socket.close(CloseCode.INTERNAL_ERROR, 'internal error');
    },
  });
}
