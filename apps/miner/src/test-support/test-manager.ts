import type { ExecutorHandle, ExecutorManager, ExecutorStartSpec } from '../executor-managers';

/**
 * An ExecutorManager that starts nothing: the seam between the miner and real executors, so that
 * tests drive the executor side with a fake executor over a real socket. It records what it was
 * asked to do; `failStart` makes `start` reject.
 */
export class TestExecutorManager implements ExecutorManager {
  readonly kind = 'test';
  readonly started: ExecutorStartSpec[] = [];
  readonly killed: string[] = [];
  failStart = false;
  private readonly ended = new Set<string>();

  constructor(private manifestValue: Record<string, number>) {}

  async manifest(): Promise<Record<string, number>> {
    return { ...this.manifestValue };
  }

  /** What `manifest` answers from now on. */
  setManifest(manifest: Record<string, number>): void {
    this.manifestValue = { ...manifest };
  }

  async start(spec: ExecutorStartSpec): Promise<ExecutorHandle> {
    this.started.push(spec);
    if (this.failStart) throw new Error('test manager: start refused');
    return { token: spec.token, executorClass: spec.executorClass, startedAt: Date.now() };
  }

  async wait(handle: ExecutorHandle): Promise<number | null> {
    return this.ended.has(handle.token) ? 0 : null;
  }

  async kill(handle: ExecutorHandle): Promise<void> {
    this.killed.push(handle.token);
    this.ended.add(handle.token);
  }

  /** The executor of `token` exits by itself (after a release, as a real one does). */
  exit(token: string): void {
    this.ended.add(token);
  }

  async publicAddress(): Promise<string | null> {
    return null;
  }

  async close(): Promise<void> {}
}
