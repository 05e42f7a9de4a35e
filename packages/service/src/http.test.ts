import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineErrors } from '@horde/protocol';
import { CloseCode } from './close-codes';
import { serviceErrors } from './errors';
import { createHttpServer } from './http';
import type { HttpServer } from './http';
import { createLogger } from './logger';
import { createMetricsRegistry } from './metrics';
import { connectTypedSocket } from './socket-client';
import { registerTypedSocket } from './socket-server';
import { Inbox } from './test-fixtures/inbox';
import { ClientToServer, ServerToClient } from './test-fixtures/messages';
import type { FrameError } from './typed-socket';

const logger = createLogger({ name: 'http-test', level: 'silent' });
const servers: HttpServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(configure: (server: HttpServer) => void = () => undefined, options: { bodyLimit?: number; maxFrameBytes?: number } = {}) {
  const server = createHttpServer({ logger, healthCheckTimeoutMs: 200, ...options });
  servers.push(server);
  configure(server);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

async function json(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('createHttpServer /health', () => {
  it('answers 200 with uptime and the results of passing checks', async () => {
    const { base } = await start((server) => {
      server.addHealthCheck('db', async () => undefined);
    });
    const { status, body } = await json(await fetch(`${base}/health`));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', checks: { db: { status: 'ok' } } });
    expect(typeof body.uptime_s).toBe('number');
  });

  it('answers 503 when a check fails or times out, without leaking plain error messages', async () => {
    const { base } = await start((server) => {
      server.addHealthCheck('db', () => undefined);
      server.addHealthCheck('redis', () => {
        throw new Error('password=hunter2 rejected');
      });
      server.addHealthCheck('chain', () => Promise.reject(serviceErrors.error('SOCKET_CONNECT_FAILED', 'devchain')));
      server.addHealthCheck('slow', () => new Promise(() => undefined));
    });
    const { status, body } = await json(await fetch(`${base}/health`));
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'fail',
      checks: {
        db: { status: 'ok' },
        redis: { status: 'fail', error: 'check failed' },
        chain: { status: 'fail', error: 'SOCKET_CONNECT_FAILED: WebSocket connection failed: devchain' },
        slow: { status: 'fail', error: expect.stringContaining('HEALTH_CHECK_TIMEOUT') },
      },
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('refuses two checks with the same name', async () => {
    const { server } = await start();
    server.addHealthCheck('db', () => undefined);
    expect(() => server.addHealthCheck('db', () => undefined)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('createHttpServer /metrics', () => {
  it('serves default Node metrics and the request duration histogram by route', async () => {
    const metrics = createMetricsRegistry({ prefix: 'horde_test_' });
    const server = createHttpServer({ logger, metrics });
    servers.push(server);
    server.get('/items/:id', async () => ({ ok: true }));
    await server.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/items/42`)).status).toBe(200);

    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('horde_test_process_cpu_user_seconds_total');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/items\/:id",status_code="200"\}/);
    expect(text).not.toContain('/items/42');
    expect(server.metrics).toBe(metrics);
  });
});

describe('createHttpServer errors', () => {
  const appErrors = defineErrors('app', { JOB_NOT_FOUND: { message: 'Job not found', http: 404, wsClose: 4000, retryable: false } });

  async function startWithRoutes() {
    return start(
      (server) => {
        server.get('/horde', async () => {
          throw appErrors.error('JOB_NOT_FOUND', 'abc');
        });
        server.get('/retry', async () => {
          throw serviceErrors.error('SOCKET_CONNECT_TIMEOUT');
        });
        server.post('/zod', async (request) => z.object({ n: z.number() }).parse(request.body));
        server.post('/schema', { schema: { body: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } } } }, async () => ({ ok: true }));
        server.get('/crash', async () => {
          throw new Error('secret internals at /srv/app.ts:12');
        });
      },
      { bodyLimit: 64 },
    );
  }

  it('turns a HordeError into its http status and code', async () => {
    const { base } = await startWithRoutes();
    expect(await json(await fetch(`${base}/horde`))).toEqual({ status: 404, body: { error: { code: 'JOB_NOT_FOUND', message: 'Job not found: abc', retryable: false } } });
    expect(await json(await fetch(`${base}/retry`))).toEqual({ status: 504, body: { error: { code: 'SOCKET_CONNECT_TIMEOUT', message: 'WebSocket connection timed out', retryable: true } } });
  });

  it('answers 400 VALIDATION_FAILED with issues for zod and schema failures', async () => {
    const { base } = await startWithRoutes();
    const post = (path: string, body: string) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const zodAnswer = await json(await post('/zod', '{"n":"x"}'));
    expect(zodAnswer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', retryable: false, issues: [{ path: 'n' }] } } });
    const schemaAnswer = await json(await post('/schema', '{}'));
    expect(schemaAnswer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(await json(await post('/zod', '{not json'))).toMatchObject({ status: 400, body: { error: { code: 'REQUEST_INVALID' } } });
    expect(await json(await post('/zod', JSON.stringify({ n: 'y'.repeat(100) })))).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('answers 500 INTERNAL for anything else, without details', async () => {
    const { base } = await startWithRoutes();
    const answer = await json(await fetch(`${base}/crash`));
    expect(answer).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'Internal error', retryable: true } } });
  });

  it('answers 404 NOT_FOUND as JSON for unknown routes', async () => {
    const { base } = await startWithRoutes();
    expect(await json(await fetch(`${base}/nope`))).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });
});

describe('createHttpServer with typed sockets', () => {
  it('enforces a channel limit below the server ceiling, and rejects one above it', async () => {
    const invalid = new Inbox<FrameError>();
    const { base } = await start(
      (server) => {
        registerTypedSocket(server, {
          path: '/small',
          inbound: ClientToServer,
          outbound: ServerToClient,
          logger,
          maxFrameBytes: 256,
          onInvalidFrame: invalid.push,
          onConnection: () => ({ handlers: { Echo: () => undefined, Slow: () => undefined, Boom: () => undefined } }),
        });
      },
      { maxFrameBytes: 4096 },
    );
    const conn = await connectTypedSocket(base.replace('http', 'ws') + '/small', {
      inbound: ServerToClient,
      outbound: ClientToServer,
      logger,
      connectTimeoutMs: 2_000,
      handlers: { EchoReply: () => undefined, Problem: () => undefined },
    });
    conn.send({ message_type: 'Echo', text: 'z'.repeat(1000) });
    expect(await conn.closed).toEqual({ code: CloseCode.MESSAGE_TOO_BIG, reason: 'frame too large' });
    expect((await invalid.next()).context).toMatchObject({ limit: 256 });

    const server = createHttpServer({ logger, maxFrameBytes: 1024 });
    servers.push(server);
    registerTypedSocket(server, { path: '/big', inbound: ClientToServer, outbound: ServerToClient, logger, maxFrameBytes: 4096, onConnection: () => ({ handlers: { Echo: () => undefined, Slow: () => undefined, Boom: () => undefined } }) });
    await expect(server.ready()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
