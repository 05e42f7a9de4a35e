import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HordeError } from '@horde/protocol';
import { CloseCode } from './close-codes';
import { serviceErrors } from './errors';
import { createLogger } from './logger';
import { connectTypedSocket } from './socket-client';
import type { ClientSocketOptions } from './socket-client';
import { registerTypedSocket } from './socket-server';
import type { ServerSocketOptions } from './socket-server';
import { Inbox } from './test-fixtures/inbox';
import { lineCollector } from './test-fixtures/lines';
import { ClientToServer, ServerToClient } from './test-fixtures/messages';
import type { ConnectionSetup, FrameError, TypedConnection } from './typed-socket';

type In = typeof ClientToServer;
type Out = typeof ServerToClient;
type ServerConn = TypedConnection<Out>;

const logger = createLogger({ name: 'typed-socket-test', level: 'silent' });
const apps: FastifyInstance[] = [];
const clients: Array<TypedConnection<In>> = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** Handlers of the test server: Echo answers, Slow waits, Boom throws. `events` records what ran. */
function echoSetup(events: string[] = []): ConnectionSetup<In, Out> {
  return {
    handlers: {
      Echo: (msg, conn) => {
        events.push(`echo:${msg.text}`);
        conn.send({ message_type: 'EchoReply', text: msg.text });
      },
      Slow: async (msg) => {
        events.push('slow:start');
        await new Promise((resolve) => setTimeout(resolve, msg.delay_ms));
        events.push('slow:end');
      },
      Boom: () => {
        throw new Error('handler exploded');
      },
    },
  };
}

async function startServer(overrides: Partial<ServerSocketOptions<In, Out>> = {}): Promise<{ url: string; app: FastifyInstance; conns: Inbox<ServerConn> }> {
  const app = Fastify();
  apps.push(app);
  const conns = new Inbox<ServerConn>();
  registerTypedSocket(app, {
    path: '/ws/:peer',
    inbound: ClientToServer,
    outbound: ServerToClient,
    logger,
    onConnection: (conn) => {
      conns.push(conn);
      return echoSetup();
    },
    ...overrides,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/ws/peer-1`, app, conns };
}

/** A typed client whose received messages land in `inbox`. */
async function connect(url: string, overrides: Partial<ClientSocketOptions<Out, In>> = {}) {
  const inbox = new Inbox<ServerToClient>();
  const conn = await connectTypedSocket(url, {
    inbound: ServerToClient,
    outbound: ClientToServer,
    logger,
    connectTimeoutMs: 5_000,
    handlers: { EchoReply: inbox.push, Problem: inbox.push },
    ...overrides,
  });
  clients.push(conn);
  return { conn, inbox };
}

/** A raw ws client that can send anything. */
async function rawClient(url: string): Promise<{ ws: WebSocket; received: Inbox<string> }> {
  const ws = new WebSocket(url);
  const received = new Inbox<string>();
  ws.on('message', (data) => received.push(String(data)));
  await once(ws, 'open');
  return { ws, received };
}

async function expectRejection(promise: Promise<unknown>): Promise<HordeError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(HordeError);
  return error as HordeError;
}

describe('typed socket', () => {
  it('round-trips typed frames between server and client', async () => {
    const seen = new Inbox<{ version: unknown; peer: unknown }>();
    const { url, conns } = await startServer({
      onConnection: (conn, request) => {
        conns.push(conn);
        seen.push({ version: request.headers['x-validator-version'], peer: (request.params as { peer: string }).peer });
        return echoSetup();
      },
    });
    const { conn, inbox } = await connect(url, { headers: { 'X-Validator-Version': '1.2.3' } });
    conn.send({ message_type: 'Echo', text: 'hello' });
    expect(await inbox.next()).toEqual({ message_type: 'EchoReply', text: 'hello', seq: 0 });
    expect(await seen.next()).toEqual({ version: '1.2.3', peer: 'peer-1' });

    const serverConn = await conns.next();
    expect(serverConn.remoteAddress).toBe('127.0.0.1');
    expect(serverConn.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(serverConn.id).not.toBe(conn.id);
    expect(conn.remoteAddress).toBe('127.0.0.1');
    expect(conn.isOpen).toBe(true);
    expect(conn.bufferedAmount).toBe(0);
  });

  it('handles the frames of one connection strictly in order, one at a time', async () => {
    const events: string[] = [];
    const { url } = await startServer({ onConnection: () => echoSetup(events) });
    const { conn, inbox } = await connect(url);
    conn.send({ message_type: 'Slow', delay_ms: 100 });
    for (let i = 0; i < 5; i += 1) conn.send({ message_type: 'Echo', text: String(i) });
    for (let i = 0; i < 5; i += 1) expect(await inbox.next()).toMatchObject({ text: String(i) });
    expect(events).toEqual(['slow:start', 'slow:end', 'echo:0', 'echo:1', 'echo:2', 'echo:3', 'echo:4']);
  });

  it('reports bad frames to onInvalidFrame, ignores PING and keeps the connection usable', async () => {
    const invalid = new Inbox<FrameError>();
    const { url } = await startServer({
      onInvalidFrame: (error, conn) => {
        invalid.push(error);
        conn.send({ message_type: 'Problem', code: error.code });
      },
    });
    const { ws, received } = await rawClient(url);
    ws.send('this is not json');
    ws.send('PING');
    ws.send(JSON.stringify({ message_type: 'NoSuchMessage' }));
    ws.send(JSON.stringify({ message_type: 'Echo' }));
    ws.send(JSON.stringify([1, 2, 3]));
    ws.send(JSON.stringify({ message_type: 'Echo', text: 'still here' }));

    const codes = [];
    for (let i = 0; i < 4; i += 1) codes.push((await invalid.next()).code);
    expect(codes).toEqual(['FRAME_NOT_JSON', 'MESSAGE_TYPE_UNKNOWN', 'MESSAGE_INVALID', 'MESSAGE_INVALID']);
    const replies = [];
    for (let i = 0; i < 5; i += 1) replies.push(JSON.parse(await received.next()));
    expect(replies.map((r) => r.code ?? r.text)).toEqual(['FRAME_NOT_JSON', 'MESSAGE_TYPE_UNKNOWN', 'MESSAGE_INVALID', 'MESSAGE_INVALID', 'still here']);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('describes schema failures without echoing the frame', async () => {
    const invalid = new Inbox<FrameError>();
    const { url } = await startServer({ onInvalidFrame: invalid.push });
    const { ws } = await rawClient(url);
    ws.send(JSON.stringify({ message_type: 'Slow', delay_ms: 'secret-looking-value' }));
    const error = await invalid.next();
    expect(serviceErrors.is(error, 'MESSAGE_INVALID')).toBe(true);
    expect(error.context).toMatchObject({ message_type: 'Slow', issues: [{ path: 'delay_ms', code: 'invalid_type' }] });
    expect(JSON.stringify(error.toJSON())).not.toContain('secret-looking-value');

    ws.send('hunter2-pw'); // V8 quotes short non-JSON input in its SyntaxError message
    const notJson = await invalid.next();
    expect(notJson.code).toBe('FRAME_NOT_JSON');
    expect(`${notJson.message} ${String(notJson.cause)} ${JSON.stringify(notJson.toJSON())}`).not.toContain('hunter2-pw');
    ws.close();
  });

  it('closes with 1009 when a frame exceeds maxFrameBytes', async () => {
    const invalid = new Inbox<FrameError>();
    const { url } = await startServer({ maxFrameBytes: 1024, onInvalidFrame: invalid.push });
    const { conn } = await connect(url);
    conn.send({ message_type: 'Echo', text: 'x'.repeat(2048) });
    expect((await conn.closed).code).toBe(CloseCode.MESSAGE_TOO_BIG);
    expect((await invalid.next()).code).toBe('FRAME_TOO_LARGE');
  });

  it('refuses to send an outbound frame that fails the schema, and nothing reaches the peer', async () => {
    const refused = new Inbox<unknown>();
    const { url } = await startServer({
      onConnection: (conn) => {
        try {
          conn.send({ message_type: 'EchoReply', text: 42 } as never);
        } catch (err) {
          refused.push(err);
        }
        conn.send({ message_type: 'EchoReply', text: 'first valid frame' });
        return echoSetup();
      },
    });
    const { ws, received } = await rawClient(url);
    const error = await refused.next();
    expect(serviceErrors.is(error, 'MESSAGE_OUTBOUND_INVALID')).toBe(true);
    expect(JSON.parse(await received.next())).toEqual({ message_type: 'EchoReply', text: 'first valid frame', seq: 0 });
    ws.close();

    // Client side too: the throw is synchronous and typed.
    const { conn } = await connect(url);
    expect(() => conn.send({ message_type: 'Slow', delay_ms: -1 })).toThrow(HordeError);
    expect(() => conn.send({ message_type: 'Nope' } as never)).toThrow(/does not match its schema/);
  });

  it('catches a throwing handler, reports its message_type and keeps the connection', async () => {
    const { stream, lines } = lineCollector();
    const captured = createLogger({ name: 'capture', level: 'info', destination: stream });
    const failures = new Inbox<{ error: unknown; type: string }>();
    const { url } = await startServer({ logger: captured, onHandlerError: (error, type) => failures.push({ error, type }) });
    const { conn, inbox } = await connect(url);
    conn.send({ message_type: 'Boom', note: 'frame-content-marker' });
    conn.send({ message_type: 'Echo', text: 'after boom' });
    const failure = await failures.next();
    expect(failure.type).toBe('Boom');
    expect((failure.error as Error).message).toBe('handler exploded');
    expect(await inbox.next()).toMatchObject({ text: 'after boom' });
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'message handler failed');
    expect(logged).toMatchObject({ message_type: 'Boom', component: 'socket', path: '/ws/:peer' });
    expect(lines.join('')).not.toContain('frame-content-marker');
  });

  it('survives 500 random frames and still answers a valid one', async () => {
    const invalid: FrameError[] = [];
    const { url } = await startServer({ onInvalidFrame: (error) => void invalid.push(error) });
    const { ws, received } = await rawClient(url);
    const messageLike = fc.record({ message_type: fc.constantFrom('Echo', 'Slow', 'Boom', 'EchoReply', '', '__proto__', 'constructor'), text: fc.anything(), delay_ms: fc.anything() }, { requiredKeys: ['message_type'] });
    const frame = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      messageLike.map((value) => JSON.stringify(value) ?? '{}'),
      fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
    );
    const frames = fc.sample(frame, { numRuns: 500, seed: 20_240_601 });
    for (const f of frames) ws.send(f);
    ws.send(JSON.stringify({ message_type: 'Echo', text: 'marker-after-garbage' }));
    for (;;) {
      const reply = JSON.parse(await received.next());
      if (reply.text === 'marker-after-garbage') break;
    }
    expect(invalid.length).toBeGreaterThan(400);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('dispatches nothing for a type without a handler at run time', async () => {
    const invalid = new Inbox<FrameError>();
    const { url } = await startServer({
      onInvalidFrame: invalid.push,
      onConnection: () => ({ handlers: { Echo: () => undefined } }) as unknown as ConnectionSetup<In, Out>,
    });
    const { conn } = await connect(url);
    conn.send({ message_type: 'Boom', note: 'n' });
    expect((await invalid.next()).code).toBe('MESSAGE_TYPE_UNKNOWN');
  });

  it('runs onClose after pending frames, and closes with the setup error code', async () => {
    const events: string[] = [];
    const closes = new Inbox<number>();
    const { url } = await startServer({
      onConnection: async () => {
        const setup = echoSetup(events);
        return { ...setup, onClose: (info) => closes.push(info.code) };
      },
    });
    const { conn } = await connect(url);
    conn.send({ message_type: 'Slow', delay_ms: 50 });
    conn.close(CloseCode.NORMAL, 'bye');
    expect(await closes.next()).toBe(CloseCode.NORMAL);
    expect(events).toEqual(['slow:start', 'slow:end']);
    expect(() => conn.send({ message_type: 'Echo', text: 'late' })).toThrow(expect.objectContaining({ code: 'SOCKET_CLOSED' }));

    const refusing = await startServer({
      onConnection: async () => {
        throw serviceErrors.error('NOT_FOUND', 'unknown peer');
      },
    });
    const { conn: refused } = await connect(refusing.url);
    expect(await refused.closed).toEqual({ code: CloseCode.POLICY_VIOLATION, reason: 'NOT_FOUND' });
  });

  it('closes open connections with 1012 when the server shuts down', async () => {
    const { url, app } = await startServer();
    const { conn } = await connect(url);
    await app.close();
    expect((await conn.closed).code).toBe(CloseCode.SERVICE_RESTART);
  });
});

describe('connectTypedSocket errors', () => {
  it('rejects with SOCKET_CONNECT_FAILED when nothing listens', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, 'close');
    const error = await expectRejection(connect(`ws://127.0.0.1:${port}/ws/x`));
    expect(error.code).toBe('SOCKET_CONNECT_FAILED');
    expect(error.retryable).toBe(true);
    expect(error.context).toMatchObject({ errno: 'ECONNREFUSED' });
  });

  it('rejects with SOCKET_HANDSHAKE_REJECTED on a 4xx answer', async () => {
    const { url } = await startServer();
    const error = await expectRejection(connect(url.replace('/ws/peer-1', '/no/such/path')));
    expect(error.code).toBe('SOCKET_HANDSHAKE_REJECTED');
    expect(error.context).toMatchObject({ status: 404 });
  });

  it('rejects with SOCKET_CONNECT_TIMEOUT when the handshake never completes', async () => {
    const silent = createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await expectRejection(connect(`ws://127.0.0.1:${port}/ws/x`, { connectTimeoutMs: 200 }));
      expect(error.code).toBe('SOCKET_CONNECT_TIMEOUT');
    } finally {
      silent.close();
    }
  });

  it('rejects a URL that is not ws: or wss: with CONFIG_INVALID', async () => {
    expect((await expectRejection(connect('ftp://127.0.0.1/x'))).code).toBe('CONFIG_INVALID');
    expect((await expectRejection(connect('not a url'))).code).toBe('CONFIG_INVALID');
  });
});
