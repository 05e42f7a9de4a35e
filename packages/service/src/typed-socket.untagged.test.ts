import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { createLogger } from './logger';
import { connectTypedSocket } from './socket-client';
import { registerTypedSocket } from './socket-server';
import { Inbox } from './test-fixtures/inbox';
import { ClientToServer, EchoReply } from './test-fixtures/messages';
import type { FrameError } from './typed-socket';

/**
 * Some reference frames carry no `message_type` (the facilitator's `Response{status, errors}`): the
 * wire form stays untouched, and a transform gives the received value a type to dispatch on.
 */
const Response = z.object({ status: z.enum(['error', 'success']), errors: z.array(z.object({ msg: z.string(), type: z.string() })).default([]) });
const ServerToClient = z.union([EchoReply, Response]);
const ClientInbound = z.union([EchoReply, Response.transform((response) => ({ ...response, message_type: 'Response' as const }))]);

const logger = createLogger({ name: 'untagged-test', level: 'silent' });
const app = Fastify();

afterAll(() => app.close());

describe('typed socket with frames that have no message_type on the wire', () => {
  it('sends them as the schema says and dispatches them by the transformed type', async () => {
    registerTypedSocket(app, {
      path: '/ws',
      inbound: ClientToServer,
      outbound: ServerToClient,
      logger,
      onConnection: () => ({
        handlers: {
          Echo: (msg, conn) => conn.send(msg.text === 'fail' ? { status: 'error', errors: [{ msg: 'no', type: 'job.not_found' }] } : { status: 'success' }),
          Slow: () => undefined,
          Boom: () => undefined,
        },
      }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/ws`;

    const raw = new WebSocket(url);
    const wire = new Inbox<string>();
    raw.on('message', (data) => wire.push(String(data)));
    await once(raw, 'open');
    raw.send(JSON.stringify({ message_type: 'Echo', text: 'ok' }));
    expect(JSON.parse(await wire.next())).toEqual({ status: 'success', errors: [] });
    raw.close();

    const responses = new Inbox<{ status: string; errors: unknown[] }>();
    const invalid = new Inbox<FrameError>();
    const conn = await connectTypedSocket(url, {
      inbound: ClientInbound,
      outbound: ClientToServer,
      logger,
      connectTimeoutMs: 2_000,
      onInvalidFrame: invalid.push,
      handlers: { EchoReply: () => undefined, Response: responses.push },
    });
    conn.send({ message_type: 'Echo', text: 'fail' });
    expect(await responses.next()).toEqual({ message_type: 'Response', status: 'error', errors: [{ msg: 'no', type: 'job.not_found' }] });
    conn.close();
    await conn.closed;
    expect(invalid.pending).toEqual([]);
  });
});
