import { once } from 'node:events';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { withTimeout } from './wait';

export interface TcpListener {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Resolves with the count once at least one connection arrived; `WAIT_TIMEOUT` otherwise. */
  waitForConnection(timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * A TCP listener on 127.0.0.1 (port 0) that counts connections: the witness of network-isolation
 * tests, where any connection from a container is a leak.
 */
export async function startTcpListener(host = '127.0.0.1'): Promise<TcpListener> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined); // a peer reset must not crash the test run
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, host);
  return {
    port,
    get connections() {
      return connections;
    },
    async waitForConnection(timeoutMs) {
      if (connections === 0) await withTimeout(once(server, 'connection'), timeoutMs, `a connection to ${host}:${port}`);
      return connections;
    },
    close: () => closeServer(server, sockets),
  };
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface TestHttpServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** Every request received, body included, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/** Answers the request; the default replies 200 with an empty body. */
export type TestHttpHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/**
 * An HTTP server on 127.0.0.1 (port 0) that records each request, body read in full, before passing it
 * to `handler`: a fake upload or download endpoint. A handler that throws gets a 500 reply.
 */
export async function startHttpServer(handler: TestHttpHandler = (_req, res) => void res.end()): Promise<TestHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(request);
      Promise.resolve()
        .then(() => handler(request, res))
        .catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        });
    });
  });
  const port = await listen(server, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    },
  };
}

async function listen(server: Server, host: string): Promise<number> {
  server.listen(0, host);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  const closing = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  await closing;
}
