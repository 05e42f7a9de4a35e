import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { waitFor } from '@horde/testkit';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessManagerConfig } from './config';
import type { ProcessManagerDeps } from './process-manager';
import { ProcessExecutorManager } from './process-manager';
import { defaultExecutorCommand, defaultRepoRoot } from './process-command';
import { executorManagerErrors } from './errors';
import { ExecutorPool } from './pool';
import { STAND_IN, reportOf } from './test-support/stand-in';
import type { ExecutorStartSpec } from './types';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'horde-pm-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, destination), lines };
}

function manager(config: Partial<ProcessManagerConfig> & { env?: Record<string, string> }, deps: Partial<ProcessManagerDeps> = {}) {
  const parsed = ProcessManagerConfig.parse({ kind: 'process', command: [process.execPath, STAND_IN], killGraceMs: 2_000, ...config });
  const m = new ProcessExecutorManager(parsed, { logger: pino({ level: 'silent' }), ...deps });
  cleanups.push(() => m.close());
  return m;
}

let counter = 0;
function spec(): ExecutorStartSpec {
  counter += 1;
  return { token: `tok-${process.pid}-${counter}`, jobUuid: `job-${counter}`, executorClass: 'always_on.test', minerAddress: 'ws://127.0.0.1:9', startupTimeLimitS: 30, ttlMs: 60_000 };
}

describe('ProcessExecutorManager', () => {
  it('runs the executor with only its own variables and the chosen host variables', async () => {
    const dir = tempDir();
    const hostEnv = { PATH: '/usr/bin:/bin', HOME: '/home/miner', TMPDIR: dir, DOCKER_HOST: 'unix:///run/docker.sock', MINER_WALLET_PASSWORD: 'secret', LANG: 'C', EXTRA_OK: 'yes' };
    const m = manager({ passEnv: ['EXTRA_OK'], env: { STANDIN_REPORT: '1', STANDIN_EXIT_CODE: '0' } }, { hostEnv });
    const s = spec();
    await m.start(s);
    const { env } = await reportOf(dir, s.token);
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/miner',
      TMPDIR: dir,
      DOCKER_HOST: 'unix:///run/docker.sock',
      EXECUTOR_DOCKER_HOST: 'unix:///run/docker.sock',
      EXTRA_OK: 'yes',
      STANDIN_REPORT: '1',
      STANDIN_EXIT_CODE: '0',
      EXECUTOR_MINER_ADDRESS: 'ws://127.0.0.1:9',
      EXECUTOR_TOKEN: s.token,
      EXECUTOR_STARTUP_TIME_LIMIT_S: '30',
    });
  });

  it('reports the exit status through wait and forwards the output into the log', async () => {
    const { logger, lines } = capturedLogger();
    const m = manager({ env: { STANDIN_EXIT_CODE: '7' } }, { logger });
    const s = spec();
    const handle = await m.start(s);
    expect(handle).toMatchObject({ token: s.token, executorClass: 'always_on.test', host: '127.0.0.1' });
    expect(await m.wait(handle, 10_000)).toBe(7);
    expect(await m.wait(handle, 0)).toBe(7);
    await waitFor(() => lines.some((l) => l.level === 40 && l.stream === 'stderr'), { what: 'the stderr line in the log' });
    expect(lines).toContainEqual(expect.objectContaining({ level: 30, msg: 'stand-in executor started', jobUuid: s.jobUuid, executor: { stage: 'startup' } }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: 'stand-in executor has no miner to talk to', jobUuid: s.jobUuid }));
  });

  it('kills with SIGTERM, and with SIGKILL when SIGTERM is ignored', async () => {
    const dir = tempDir();
    const polite = manager({ env: { STANDIN_REPORT: '1' } }, { hostEnv: { TMPDIR: dir } });
    const stubborn = manager({ killGraceMs: 200, env: { STANDIN_REPORT: '1', STANDIN_IGNORE_SIGTERM: '1' } }, { hostEnv: { TMPDIR: dir } });
    const [a, b] = [spec(), spec()];
    const politeHandle = await polite.start(a);
    const stubbornHandle = await stubborn.start(b);
    await Promise.all([reportOf(dir, a.token), reportOf(dir, b.token)]);
    expect(await polite.wait(politeHandle, 0)).toBeNull();
    await Promise.all([polite.kill(politeHandle), stubborn.kill(stubbornHandle)]);
    expect(await polite.wait(politeHandle, 0)).toBe(143);
    expect(await stubborn.wait(stubbornHandle, 0)).toBe(128 + 9);
    await polite.kill(politeHandle); // idempotent
  });

  it('is killed by the pool when its TTL runs out', async () => {
    const dir = tempDir();
    const m = manager({ env: { STANDIN_REPORT: '1' } }, { hostEnv: { TMPDIR: dir } });
    const pool = new ExecutorPool(m, { logger: pino({ level: 'silent' }), cleanupIntervalMs: 20 });
    cleanups.push(() => pool.close());
    const s = spec();
    const handle = await pool.reserve('always_on.test', { ...s, ttlMs: 300 });
    await reportOf(dir, s.token);
    await waitFor(() => pool.busyCount('always_on.test') === 0, { what: 'the TTL kill', timeoutMs: 5_000 });
    expect(await m.wait(handle, 0)).toBe(143);
  });

  it('fails to start with EXECUTOR_START_FAILED when the command does not exist', async () => {
    const m = manager({ command: ['/nonexistent/horde-executor'] });
    const err = await m.start(spec()).catch((e: unknown) => e);
    expect(executorManagerErrors.is(err, 'EXECUTOR_START_FAILED')).toBe(true);
    expect((err as Error).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('offers the configured manifest, one always_on.test executor by default', async () => {
    expect(await manager({}).manifest()).toEqual({ 'always_on.test': 1 });
    expect(await manager({ manifest: { 'always_on.gpu-24gb': 2 } }).manifest()).toEqual({ 'always_on.gpu-24gb': 2 });
  });
});

describe('defaultExecutorCommand', () => {
  it('prefers the bundle and falls back to the sources through tsx, from the repo root', () => {
    const root = defaultRepoRoot();
    expect(existsSync(join(root, 'pnpm-workspace.yaml'))).toBe(true);
    expect(defaultExecutorCommand('/repo', () => true)).toEqual([process.execPath, '/repo/apps/executor/dist/executor.mjs']);
    expect(defaultExecutorCommand('/repo', () => false)).toEqual([process.execPath, '--import', 'tsx', '/repo/apps/executor/src/main.ts']);
  });
});
