import { waitFor } from '@horde/testkit';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { executorManagerErrors } from './errors';
import type { Manifest } from './config';
import { ExecutorPool, MAX_EXECUTOR_TTL_MS } from './pool';
import type { ExecutorPoolOptions, ReserveSpec } from './pool';
import type { ExecutorHandle, ExecutorManager, ExecutorStartSpec } from './types';

/** A test double of ExecutorManager: executors are records whose exit the test decides. */
class FakeManager implements ExecutorManager {
  readonly kind = 'fake';
  manifestValue: Manifest = { a: 1 };
  manifestReads = 0;
  readonly started: ExecutorStartSpec[] = [];
  readonly killed: string[] = [];
  readonly exits = new Map<string, number>();
  startError: Error | undefined;
  /** When set, `start` waits for it. */
  startGate: Promise<void> | undefined;
  killError: Error | undefined;
  closed = false;

  async manifest(): Promise<Manifest> {
    this.manifestReads += 1;
    return { ...this.manifestValue };
  }
  async start(spec: ExecutorStartSpec): Promise<ExecutorHandle> {
    this.started.push(spec);
    if (this.startGate) await this.startGate;
    if (this.startError) throw this.startError;
    return { token: spec.token, executorClass: spec.executorClass, startedAt: 0 };
  }
  async wait(handle: ExecutorHandle): Promise<number | null> {
    return this.exits.get(handle.token) ?? null;
  }
  async kill(handle: ExecutorHandle): Promise<void> {
    if (this.killError) throw this.killError;
    this.killed.push(handle.token);
    this.exits.set(handle.token, 137);
  }
  async publicAddress(): Promise<string | null> {
    return '192.0.2.1';
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function spec(n: number, ttlMs = 60_000): ReserveSpec {
  return { token: `token-${n}`, jobUuid: `job-${n}`, minerAddress: 'ws://127.0.0.1:1', startupTimeLimitS: 10, ttlMs };
}

const pools: ExecutorPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function setup(options: Partial<ExecutorPoolOptions> = {}) {
  const manager = new FakeManager();
  const clock = { now: 1_000_000 };
  const pool = new ExecutorPool(manager, { logger: pino({ level: 'silent' }), cleanupIntervalMs: 0, manifestCacheMs: 0, now: () => clock.now, ...options });
  pools.push(pool);
  return { manager, pool, clock };
}

describe('ExecutorPool', () => {
  it('holds at most the manifest count per class and declines the rest as busy', async () => {
    const { manager, pool } = setup();
    manager.manifestValue = { a: 2 };
    await pool.reserve('a', spec(1));
    await pool.reserve('a', spec(2));
    expect(pool.busyCount('a')).toBe(2);
    const busy = await pool.reserve('a', spec(3)).catch((err: unknown) => err);
    expect(executorManagerErrors.is(busy, 'EXECUTORS_BUSY')).toBe(true);
    expect((busy as { context: unknown }).context).toEqual({ executorClass: 'a', capacity: 2, busy: 2 });
    const unknownClass = await pool.reserve('b', spec(4)).catch((err: unknown) => err);
    expect(executorManagerErrors.is(unknownClass, 'EXECUTORS_BUSY')).toBe(true);
    expect(manager.started.map((s) => s.token)).toEqual(['token-1', 'token-2']);
  });

  it('calls onReserved before the executor starts, and starts it with the reserved class', async () => {
    const { manager, pool } = setup();
    const order: string[] = [];
    const handle = await pool.reserve('a', spec(1), { onReserved: () => order.push(`reserved with ${manager.started.length} started`) });
    expect(order).toEqual(['reserved with 0 started']);
    expect(manager.started[0]).toMatchObject({ token: 'token-1', executorClass: 'a', jobUuid: 'job-1' });
    expect(handle.token).toBe('token-1');
    expect(await pool.publicAddress('token-1')).toBe('192.0.2.1');
  });

  it('lets exactly one of two racing reserves take the last slot', async () => {
    const { manager, pool } = setup();
    const results = await Promise.allSettled([pool.reserve('a', spec(1)), pool.reserve('a', spec(2))]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(executorManagerErrors.is(lost[0]?.reason, 'EXECUTORS_BUSY')).toBe(true);
    expect(manager.started).toHaveLength(1);
  });

  it('runs a cleanup pass when full, freeing slots of executors that exited', async () => {
    const { manager, pool } = setup();
    await pool.reserve('a', spec(1));
    manager.exits.set('token-1', 0);
    await pool.reserve('a', spec(2));
    expect(pool.busyCount('a')).toBe(1);
    expect(manager.killed).toEqual([]);
  });

  it('kills an executor when its TTL runs out, and caps the TTL at 20 minutes', async () => {
    const { manager, pool, clock } = setup();
    manager.manifestValue = { a: 2 };
    await pool.reserve('a', spec(1, 5_000));
    await pool.reserve('a', spec(2, 60 * 60_000));
    clock.now += 4_999;
    await pool.cleanup();
    expect(manager.killed).toEqual([]);
    clock.now += 1;
    await pool.cleanup();
    expect(manager.killed).toEqual(['token-1']);
    expect(pool.busyCount('a')).toBe(1);
    clock.now += MAX_EXECUTOR_TTL_MS - 5_000;
    await pool.cleanup();
    expect(manager.killed).toEqual(['token-1', 'token-2']);
    expect(pool.busyCount('a')).toBe(0);
  });

  it('frees the slot and throws EXECUTOR_START_FAILED with the cause when start fails', async () => {
    const { manager, pool } = setup();
    const cause = new Error('no such image');
    manager.startError = cause;
    const err = await pool.reserve('a', spec(1)).catch((e: unknown) => e);
    expect(executorManagerErrors.is(err, 'EXECUTOR_START_FAILED')).toBe(true);
    expect((err as Error).cause).toBe(cause);
    expect(pool.busyCount('a')).toBe(0);
    manager.startError = undefined;
    await expect(pool.reserve('a', spec(2))).resolves.toMatchObject({ token: 'token-2' });
  });

  it('frees a released slot when the executor exits, and kills it when it lingers past the grace', async () => {
    const { manager, pool, clock } = setup({ releaseGraceMs: 1_000 });
    manager.manifestValue = { a: 2 };
    await pool.reserve('a', spec(1));
    await pool.reserve('a', spec(2));
    const firstFreed = pool.release('token-1');
    const secondFreed = pool.release('token-2');
    manager.exits.set('token-1', 0);
    await pool.cleanup();
    await firstFreed;
    expect(pool.busyCount('a')).toBe(1);
    expect(manager.killed).toEqual([]);
    clock.now += 1_000;
    await pool.cleanup();
    await secondFreed;
    expect(manager.killed).toEqual(['token-2']);
  });

  it('kills an executor that was killed while it started, and rejects the reservation', async () => {
    const { manager, pool } = setup();
    let open!: () => void;
    manager.startGate = new Promise((resolve) => (open = resolve));
    const reservation = pool.reserve('a', spec(1)).catch((e: unknown) => e);
    await waitFor(() => manager.started.length === 1, { what: 'start to begin' });
    const killed = pool.kill('token-1');
    open();
    expect(executorManagerErrors.is(await reservation, 'EXECUTOR_START_FAILED')).toBe(true);
    await killed;
    expect(manager.killed).toEqual(['token-1']);
    expect(pool.busyCount('a')).toBe(0);
  });

  it('keeps the slot and reports EXECUTOR_KILL_FAILED when the kill fails', async () => {
    const { manager, pool } = setup();
    await pool.reserve('a', spec(1));
    manager.killError = new Error('host unreachable');
    const err = await pool.kill('token-1').catch((e: unknown) => e);
    expect(executorManagerErrors.is(err, 'EXECUTOR_KILL_FAILED')).toBe(true);
    expect(pool.busyCount('a')).toBe(1);
    manager.killError = undefined;
    await pool.kill('token-1');
    expect(pool.busyCount('a')).toBe(0);
  });

  it('re-reads the manifest after its cache time and follows capacity changes', async () => {
    const { manager, pool, clock } = setup({ manifestCacheMs: 1_000 });
    await pool.reserve('a', spec(1));
    manager.manifestValue = { a: 2 };
    expect(executorManagerErrors.is(await pool.reserve('a', spec(2)).catch((e: unknown) => e), 'EXECUTORS_BUSY')).toBe(true);
    const reads = manager.manifestReads;
    clock.now += 1_000;
    await pool.reserve('a', spec(3));
    expect(manager.manifestReads).toBeGreaterThan(reads);
    expect(await pool.manifest()).toEqual({ a: 2 });
  });

  it('frees slots from its own loop', async () => {
    const { manager, pool } = setup({ cleanupIntervalMs: 10, now: Date.now });
    await pool.reserve('a', spec(1));
    manager.exits.set('token-1', 3);
    await waitFor(() => pool.busyCount('a') === 0, { what: 'the loop to free the slot', timeoutMs: 2_000 });
    expect(manager.killed).toEqual([]);
  });

  it('kills everything and closes the manager on close, then refuses reservations', async () => {
    const { manager, pool } = setup();
    manager.manifestValue = { a: 1, b: 1 };
    await pool.reserve('a', spec(1));
    await pool.reserve('b', spec(2));
    await pool.close();
    expect(manager.killed.sort()).toEqual(['token-1', 'token-2']);
    expect(manager.closed).toBe(true);
    expect(executorManagerErrors.is(await pool.reserve('a', spec(3)).catch((e: unknown) => e), 'POOL_CLOSED')).toBe(true);
  });
});
