import type { Logger } from 'pino';
import { executorManagerErrors } from './errors';
import type { Manifest } from './config';
import type { ExecutorHandle, ExecutorManager, ExecutorStartSpec } from './types';

/** No executor lives longer than this, whatever the job asked for (the reference's 20 minutes). */
export const MAX_EXECUTOR_TTL_MS = 20 * 60_000;

export interface ExecutorPoolOptions {
  logger: Logger;
  /** Default `MAX_EXECUTOR_TTL_MS`. */
  maxTtlMs?: number;
  /** Period of the cleanup loop (default 1 s); 0 turns the loop off (tests call `cleanup()`). */
  cleanupIntervalMs?: number;
  /** How long a manifest read from the manager is reused (default 1 s). */
  manifestCacheMs?: number;
  /** After `release`, how long the executor may take to exit by itself before it is killed (default 30 s). */
  releaseGraceMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** The start spec; `executorClass` comes from `reserve`'s first argument. */
export type ReserveSpec = Omit<ExecutorStartSpec, 'executorClass'> & { executorClass?: string };

export interface ReserveOptions {
  /** Called synchronously once the slot is held and before the executor starts: lets the miner accept early. */
  onReserved?: () => void;
}

/** How an executor's slot ended; logged once per executor as `outcome`. */
type Outcome = 'exited' | 'released' | 'killed' | 'ttl_expired' | 'start_failed' | 'aborted' | 'closed';

interface Slot {
  readonly token: string;
  readonly jobUuid: string;
  readonly executorClass: string;
  readonly reservedAt: number;
  expiresAt: number;
  handle?: ExecutorHandle;
  /** Kill as soon as the start resolves (killed, expired or closed while starting). */
  killRequested: boolean;
  released: boolean;
  ending?: Promise<void>;
  readonly freed: Promise<void>;
  readonly markFreed: () => void;
}

/**
 * Executor slots per class (the reference's `ExecutorClassPool`): capacity comes from the manager's
 * manifest, a reservation holds a slot from before the executor starts until it ended, and a cleanup
 * loop frees the slots of executors that exited and kills those that outlived their TTL. The pool
 * owns its manager: `close()` kills every executor and closes the manager.
 */
export class ExecutorPool {
  private readonly log: Logger;
  private readonly maxTtlMs: number;
  private readonly manifestCacheMs: number;
  private readonly releaseGraceMs: number;
  private readonly now: () => number;
  private readonly slots = new Map<string, Slot>();
  private readonly locks = new Map<string, Promise<void>>();
  private readonly timer: NodeJS.Timeout | undefined;
  private cachedManifest: { value: Manifest; at: number } | undefined;
  private manifestRead: Promise<Manifest> | undefined;
  private cleaning: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly manager: ExecutorManager,
    options: ExecutorPoolOptions,
  ) {
    this.log = options.logger.child({ component: 'executor-pool', manager: manager.kind });
    this.maxTtlMs = options.maxTtlMs ?? MAX_EXECUTOR_TTL_MS;
    this.manifestCacheMs = options.manifestCacheMs ?? 1000;
    this.releaseGraceMs = options.releaseGraceMs ?? 30_000;
    this.now = options.now ?? Date.now;
    const interval = options.cleanupIntervalMs ?? 1000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.cleanup(), interval);
      this.timer.unref();
    }
  }

  /**
   * Holds a slot of `executorClass` and starts an executor in it. Rejects with `EXECUTORS_BUSY` when
   * the class has no free slot (also when the manager does not offer the class at all), and with
   * `EXECUTOR_START_FAILED` (the slot freed again) when the manager could not start the executor.
   */
  async reserve(executorClass: string, spec: ReserveSpec, options: ReserveOptions = {}): Promise<ExecutorHandle> {
    if (spec.executorClass !== undefined && spec.executorClass !== executorClass) {
      throw new TypeError(`reserve(${executorClass}) got a spec for ${spec.executorClass}`);
    }
    this.assertOpen();
    if (this.slots.has(spec.token)) throw executorManagerErrors.error('EXECUTOR_START_FAILED', 'executor token already in use', { context: { jobUuid: spec.jobUuid } });
    if (this.busyCount(executorClass) >= (await this.capacity(executorClass))) await this.cleanup();

    const slot = await this.withClassLock(executorClass, async () => {
      this.assertOpen();
      const capacity = await this.capacity(executorClass);
      const busy = this.busyCount(executorClass);
      if (busy >= capacity) throw executorManagerErrors.error('EXECUTORS_BUSY', executorClass, { context: { executorClass, capacity, busy } });
      return this.hold(executorClass, spec);
    });

    try {
      options.onReserved?.();
    } catch (err) {
      this.free(slot, 'aborted');
      throw err;
    }
    try {
      slot.handle = await this.manager.start({ ...spec, executorClass });
    } catch (err) {
      this.free(slot, 'start_failed');
      if (executorManagerErrors.is(err, 'EXECUTOR_START_FAILED')) throw err;
      throw executorManagerErrors.error('EXECUTOR_START_FAILED', executorClass, { cause: err, context: { executorClass, jobUuid: spec.jobUuid } });
    }
    if (slot.killRequested || this.closing) {
      await this.end(slot, this.closing ? 'closed' : 'killed').catch((err: unknown) => this.log.error({ err, jobUuid: slot.jobUuid }, 'could not kill an executor that was stopped while starting'));
      throw executorManagerErrors.error('EXECUTOR_START_FAILED', 'executor was stopped while it started', { context: { executorClass, jobUuid: spec.jobUuid } });
    }
    return slot.handle;
  }

  /**
   * The job of `token` is over: its executor should now exit by itself. The slot is freed once it
   * has, or once it was killed after `releaseGraceMs`. Resolves when the slot is free.
   */
  release(token: string): Promise<void> {
    const slot = this.slots.get(token);
    if (!slot) return Promise.resolve();
    slot.released = true;
    slot.expiresAt = Math.min(slot.expiresAt, this.now() + this.releaseGraceMs);
    return slot.freed;
  }

  /** Kills the executor of `token` now and frees its slot; a no-op for an unknown token. */
  async kill(token: string): Promise<void> {
    const slot = this.slots.get(token);
    if (!slot) return;
    if (!slot.handle) {
      slot.killRequested = true;
      return slot.freed;
    }
    await this.end(slot, 'killed');
  }

  /** Slots of `executorClass` held right now (starting, running or ending executors). */
  busyCount(executorClass: string): number {
    let busy = 0;
    for (const slot of this.slots.values()) if (slot.executorClass === executorClass) busy += 1;
    return busy;
  }

  /** The manager's manifest (cached for `manifestCacheMs`). */
  async manifest(): Promise<Manifest> {
    const cached = this.cachedManifest;
    if (cached && this.now() - cached.at < this.manifestCacheMs) return { ...cached.value };
    this.manifestRead ??= this.manager.manifest().finally(() => (this.manifestRead = undefined));
    const value = await this.manifestRead;
    this.cachedManifest = { value, at: this.now() };
    return { ...value };
  }

  /** Public address of the executor of `token` (for streaming jobs); null when unknown. */
  async publicAddress(token: string): Promise<string | null> {
    const handle = this.slots.get(token)?.handle;
    return handle ? this.manager.publicAddress(handle) : null;
  }

  /** One cleanup pass: frees slots of executors that ended, kills expired ones. Passes never overlap. */
  cleanup(): Promise<void> {
    this.cleaning ??= this.cleanupPass().finally(() => (this.cleaning = undefined));
    return this.cleaning;
  }

  /** Stops the loop, kills every executor (also those still starting) and closes the manager. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      const slots = [...this.slots.values()];
      await Promise.allSettled(
        slots.map((slot) => {
          if (slot.handle) return this.end(slot, 'closed');
          slot.killRequested = true;
          return slot.freed;
        }),
      );
      await this.manager.close();
    })();
    return this.closing;
  }

  private async cleanupPass(): Promise<void> {
    const now = this.now();
    await Promise.all([...this.slots.values()].map((slot) => this.check(slot, now)));
  }

  private async check(slot: Slot, now: number): Promise<void> {
    if (slot.ending) return;
    const expired = now >= slot.expiresAt;
    if (!slot.handle) {
      if (expired) slot.killRequested = true;
      return;
    }
    try {
      const status = await this.manager.wait(slot.handle, 0);
      if (status !== null) return this.free(slot, slot.released ? 'released' : 'exited', status);
    } catch (err) {
      this.log.warn({ err, jobUuid: slot.jobUuid }, 'could not check an executor');
    }
    if (!expired) return;
    this.log.warn({ jobUuid: slot.jobUuid, executorClass: slot.executorClass, released: slot.released }, 'executor outlived its time, killing it');
    await this.end(slot, slot.released ? 'killed' : 'ttl_expired').catch((err: unknown) => this.log.error({ err, jobUuid: slot.jobUuid }, 'could not kill an expired executor; will retry'));
  }

  /** Kills the slot's executor (once, however often asked) and frees the slot. */
  private end(slot: Slot, outcome: Outcome): Promise<void> {
    const handle = slot.handle;
    if (!handle) return slot.freed;
    slot.ending ??= this.manager.kill(handle).then(
      () => this.free(slot, outcome),
      (err: unknown) => {
        slot.ending = undefined;
        throw executorManagerErrors.is(err) ? err : executorManagerErrors.error('EXECUTOR_KILL_FAILED', slot.executorClass, { cause: err, context: { jobUuid: slot.jobUuid } });
      },
    );
    return slot.ending;
  }

  private hold(executorClass: string, spec: ReserveSpec): Slot {
    const reservedAt = this.now();
    let markFreed!: () => void;
    const freed = new Promise<void>((resolve) => (markFreed = resolve));
    const ttl = Math.min(this.maxTtlMs, spec.ttlMs);
    const slot: Slot = { token: spec.token, jobUuid: spec.jobUuid, executorClass, reservedAt, expiresAt: reservedAt + ttl, killRequested: false, released: false, freed, markFreed };
    this.slots.set(slot.token, slot);
    return slot;
  }

  private free(slot: Slot, outcome: Outcome, exitStatus?: number): void {
    if (this.slots.get(slot.token) !== slot) return;
    this.slots.delete(slot.token);
    slot.markFreed();
    const fields = { jobUuid: slot.jobUuid, executorClass: slot.executorClass, outcome, exitStatus, duration_ms: this.now() - slot.reservedAt };
    if (outcome === 'exited' || outcome === 'released' || outcome === 'killed' || outcome === 'closed') this.log.info(fields, 'executor slot freed');
    else this.log.warn(fields, 'executor slot freed');
  }

  private async capacity(executorClass: string): Promise<number> {
    return (await this.manifest())[executorClass] ?? 0;
  }

  private assertOpen(): void {
    if (this.closing) throw executorManagerErrors.error('POOL_CLOSED');
  }

  /** Runs `fn` after every earlier call for the same class settled. */
  private async withClassLock<T>(executorClass: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(executorClass) ?? Promise.resolve();
    const run = previous.then(fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(executorClass, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(executorClass) === tail) this.locks.delete(executorClass);
    }
  }
}
