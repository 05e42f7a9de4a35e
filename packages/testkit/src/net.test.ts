import { connect } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { testkitErrors } from './errors';
import { startHttpServer, startTcpListener } from './net';

describe('startTcpListener', () => {
  it('counts a real connection from the host', async () => {
    const listener = await startTcpListener();
    try {
      expect(listener.connections).toBe(0);
      const socket = connect(listener.port, '127.0.0.1');
      await once(socket, 'connect');
      expect(await listener.waitForConnection(2000)).toBe(1);
      expect(listener.connections).toBe(1);
      socket.destroy();
    } finally {
      await listener.close();
    }
  });

  it('times out with WAIT_TIMEOUT when nobody connects', async () => {
    const listener = await startTcpListener();
    try {
      const err = await listener.waitForConnection(50).catch((e: unknown) => e);
      expect(testkitErrors.is(err, 'WAIT_TIMEOUT')).toBe(true);
      expect(listener.connections).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('closes even while a client keeps its connection open', async () => {
    const listener = await startTcpListener();
    const socket = connect(listener.port, '127.0.0.1');
    await once(socket, 'connect');
    await listener.waitForConnection(2000);
    await listener.close();
    await once(socket, 'close');
    expect(socket.destroyed).toBe(true);
  });
});

describe('startHttpServer', () => {
  it('records requests with their bodies and answers through the handler', async () => {
    const server = await startHttpServer((req, res) => {
      res.writeHead(req.method === 'PUT' ? 201 : 200, { 'content-type': 'text/plain' });
      res.end(`got ${req.body.length}`);
    });
    try {
      const put = await fetch(`${server.url}/upload/x?sig=1`, { method: 'PUT', body: 'abcdef', headers: { 'x-test': 'yes' } });
      expect(put.status).toBe(201);
      expect(await put.text()).toBe('got 6');
      expect(server.requests).toHaveLength(1);
      const [recorded] = server.requests;
      expect(recorded).toMatchObject({ method: 'PUT', url: '/upload/x?sig=1' });
      expect(recorded?.headers['x-test']).toBe('yes');
      expect(recorded?.body.toString()).toBe('abcdef');
    } finally {
      await server.close();
    }
  });

  it('answers 200 by default and 500 when the handler throws', async () => {
    const plain = await startHttpServer();
    const failing = await startHttpServer(() => {
      throw new Error('handler broke');
    });
    try {
      expect((await fetch(plain.url)).status).toBe(200);
      const res = await fetch(failing.url);
      expect(res.status).toBe(500);
      expect(await res.text()).toContain('handler broke');
      expect(failing.requests).toHaveLength(1);
    } finally {
      await plain.close();
      await failing.close();
    }
  });
});
