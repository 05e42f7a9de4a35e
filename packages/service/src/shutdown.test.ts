import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { createShutdown } from './shutdown';
import { Inbox } from './test-fixtures/inbox';

const logger = createLogger({ name: 'shutdown-test', level: 'silent' });

describe('createShutdown', () => {
  it('runs hooks once, in reverse registration order, awaiting each', async () => {
    const order: string[] = [];
    const shutdown = createShutdown(logger, { timeoutMs: 1_000, exit: false, signals: [] });
    shutdown.onShutdown('db', () => order.push('db'));
    shutdown.onShutdown('http', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('http');
    });
    shutdown.onShutdown('queue', () => order.push('queue'));

    expect(shutdown.isShuttingDown).toBe(false);
    const first = shutdown.shutdown('test');
    const second = shutdown.shutdown('again');
    expect(second).toBe(first);
    expect(await first).toEqual({ reason: 'test', failed: [] });
    expect(order).toEqual(['queue', 'http', 'db']);
    expect(shutdown.isShuttingDown).toBe(true);
  });

  it('bounds each hook by the timeout and goes on with the next ones', async () => {
    const order: string[] = [];
    const shutdown = createShutdown(logger, { timeoutMs: 50, exit: false, signals: [] });
    shutdown.onShutdown('last', () => order.push('last'));
    shutdown.onShutdown('throws', () => {
      throw new Error('boom');
    });
    shutdown.onShutdown('hangs', () => new Promise(() => undefined));
    const startedAt = Date.now();
    const result = await shutdown.shutdown('test');
    expect(result.failed).toEqual(['hangs', 'throws']);
    expect(order).toEqual(['last']);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('starts on a signal and ignores hooks added afterwards', async () => {
    const ran = new Inbox<string>();
    const listenersBefore = process.listenerCount('SIGUSR2');
    const shutdown = createShutdown(logger, { timeoutMs: 1_000, exit: false, signals: ['SIGUSR2'] });
    try {
      shutdown.onShutdown('hook', () => ran.push('hook'));
      process.emit('SIGUSR2', 'SIGUSR2');
      expect(await ran.next()).toBe('hook');
      shutdown.onShutdown('late', () => ran.push('late'));
      expect((await shutdown.shutdown('after signal')).reason).toBe('signal SIGUSR2');
      expect(ran.pending).toEqual([]);
    } finally {
      shutdown.dispose();
    }
    expect(process.listenerCount('SIGUSR2')).toBe(listenersBefore);
  });
});

describe('createShutdown with exit: true (child process)', () => {
  const child = fileURLToPath(new URL('./test-fixtures/shutdown-child.ts', import.meta.url));

  function start(mode: 'clean' | 'hang') {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = new Inbox<Record<string, unknown>>();
    let buffered = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) lines.push(JSON.parse(line));
    });
    const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    return { proc, lines, exited };
  }

  async function waitFor(lines: Inbox<Record<string, unknown>>, msg: string): Promise<Record<string, unknown>> {
    for (;;) {
      const line = await lines.next(15_000);
      if (line.msg === msg) return line;
    }
  }

  it('exits 0 after its hooks on SIGTERM', async () => {
    const { proc, lines, exited } = start('clean');
    await waitFor(lines, 'ready');
    proc.kill('SIGTERM');
    expect(await waitFor(lines, 'flush ran')).toMatchObject({ hook: 'flush' });
    expect(await waitFor(lines, 'shutdown complete')).toMatchObject({ outcome: 'clean', reason: 'signal SIGTERM' });
    expect((await exited)[0]).toBe(0);
  });

  it('exits 1 at once on a second signal while a hook hangs', async () => {
    const { proc, lines, exited } = start('hang');
    await waitFor(lines, 'ready');
    proc.kill('SIGINT');
    await waitFor(lines, 'shutting down');
    proc.kill('SIGINT');
    expect(await waitFor(lines, 'second signal during shutdown, exiting now')).toMatchObject({ signal: 'SIGINT' });
    expect((await exited)[0]).toBe(1);
  });
});
