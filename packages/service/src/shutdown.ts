import { serviceErrors } from './errors';
import type { Logger } from './logger';

export type ShutdownHook = () => unknown;

export interface ShutdownOptions {
  /** Bound on each hook; a hook still running then is abandoned and counted as failed. */
  readonly timeoutMs: number;
  /** Exit the process when done: code 0, or 1 if a hook failed or timed out. Tests pass false. */
  readonly exit: boolean;
  /** Signals that start the shutdown; SIGINT and SIGTERM by default, `[]` for none. */
  readonly signals?: readonly NodeJS.Signals[];
}

export interface ShutdownResult {
  readonly reason: string;
  /** Names of hooks that threw or timed out, in the order they ran. */
  readonly failed: readonly string[];
}

export interface Shutdown {
  /** Registers a hook; hooks run one at a time in reverse registration order (last opened, first closed). */
  onShutdown(name: string, hook: ShutdownHook): void;
  /** Runs the hooks once; later calls return the same promise. */
  shutdown(reason: string): Promise<ShutdownResult>;
  readonly isShuttingDown: boolean;
  /** Removes the signal listeners (for tests and embedded use). */
  dispose(): void;
}

/**
 * Graceful shutdown of a service. A second signal during a shutdown with `exit: true` exits at once
 * with code 1, so an operator can always get out with a second Ctrl-C.
 */
export function createShutdown(logger: Logger, options: ShutdownOptions): Shutdown {
  const log = logger.child({ component: 'shutdown' });
  const hooks: Array<{ name: string; hook: ShutdownHook }> = [];
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let running: Promise<ShutdownResult> | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (running && options.exit) {
      log.warn({ signal }, 'second signal during shutdown, exiting now');
      process.exit(1);
    }
    void shutdown(`signal ${signal}`);
  };
  for (const signal of signals) process.on(signal, onSignal);

  async function runHooks(reason: string): Promise<ShutdownResult> {
    const startedAt = Date.now();
    log.info({ reason, hooks: hooks.length }, 'shutting down');
    const failed: string[] = [];
    for (const { name, hook } of [...hooks].reverse()) {
      const hookStartedAt = Date.now();
      try {
        await withTimeout(name, hook, options.timeoutMs);
        log.debug({ hook: name, duration_ms: Date.now() - hookStartedAt }, 'shutdown hook done');
      } catch (err) {
        failed.push(name);
        log.error({ err, hook: name, duration_ms: Date.now() - hookStartedAt }, 'shutdown hook failed');
      }
    }
    const outcome = failed.length === 0 ? 'clean' : 'failed';
    log.info({ reason, outcome, failed, duration_ms: Date.now() - startedAt }, 'shutdown complete');
    if (options.exit) process.exit(failed.length === 0 ? 0 : 1);
    return { reason, failed };
  }

  function shutdown(reason: string): Promise<ShutdownResult> {
    running ??= runHooks(reason);
    return running;
  }

  return {
    onShutdown(name, hook) {
      if (running) {
        log.warn({ hook: name }, 'shutdown hook registered after shutdown started; it will not run');
        return;
      }
      hooks.push({ name, hook });
    },
    shutdown,
    get isShuttingDown() {
      return running !== undefined;
    },
    dispose() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}

async function withTimeout(name: string, hook: ShutdownHook, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(serviceErrors.error('SHUTDOWN_TIMEOUT', `${name} after ${timeoutMs} ms`, { context: { hook: name } })), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(hook), timeout]);
  } catch (err) {
    if (serviceErrors.is(err)) throw err;
    throw serviceErrors.error('SHUTDOWN_HOOK_FAILED', name, { cause: err, context: { hook: name } });
  } finally {
    clearTimeout(timer);
  }
}
