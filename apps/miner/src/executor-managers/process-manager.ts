import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import type { Manifest, ProcessManagerConfig } from './config';
import { removeJobContainers } from './docker-containers';
import { executorManagerErrors } from './errors';
import { BASE_PASS_ENV, dockerHostFor, executorEnv, passThrough } from './executor-env';
import { ExitWatch } from './exit-watch';
import { pipeLines } from './log-lines';
import { defaultExecutorCommand, defaultRepoRoot } from './process-command';
import type { ExecutorHandle, ExecutorManager, ExecutorStartSpec } from './types';

export interface ProcessManagerDeps {
  logger: Logger;
  /** Engine on which the executors run job containers; used to remove a killed executor's job container. */
  docker?: Dockerode;
  /** Where the pass-through variables (PATH, HOME, ...) are read from; usually the miner's `process.env`. */
  hostEnv?: Readonly<Record<string, string | undefined>>;
}

interface Running {
  readonly child: ChildProcess;
  readonly exit: ExitWatch;
  readonly log: Logger;
  killing?: Promise<void>;
}

/** The variables a warm spare receives on stdin once it has a job (apps/executor/src/assignment.ts). */
const ASSIGNED_VARS = ['EXECUTOR_MINER_ADDRESS', 'EXECUTOR_TOKEN', 'EXECUTOR_STARTUP_TIME_LIMIT_S'] as const;

/**
 * Runs each executor as a child process of the miner (the reference's dev manager): for development,
 * tests and the local horde. The child gets only the executor's variables, the configured extras and
 * a few host variables (never the miner's secrets); its output goes to the miner's log. Each child
 * leads its own process group, so a kill also reaches anything it spawned.
 */
export class ProcessExecutorManager implements ExecutorManager {
  readonly kind = 'process';
  private readonly log: Logger;
  private readonly command: readonly string[];
  private readonly cwd: string;
  private readonly running = new WeakMap<ExecutorHandle, Running>();
  private readonly live = new Set<Running>();
  /** One started-ahead executor per class, waiting for a job (see `warmSpares`). */
  private readonly spares = new Map<string, Running>();
  private closing = false;

  constructor(
    private readonly config: ProcessManagerConfig,
    private readonly deps: ProcessManagerDeps,
  ) {
    this.log = deps.logger.child({ component: 'process-executor-manager' });
    this.cwd = config.repoRoot ?? defaultRepoRoot();
    this.command = config.command ?? defaultExecutorCommand(this.cwd);
    this.log.info({ command: this.command, manifest: config.manifest }, 'process executor manager ready');
  }

  async manifest(): Promise<Manifest> {
    return { ...this.config.manifest };
  }

  async start(spec: ExecutorStartSpec): Promise<ExecutorHandle> {
    const env = executorEnv(spec, this.config.env);
    let running = this.takeSpare(spec.executorClass);
    if (running) {
      const assignment = Object.fromEntries(ASSIGNED_VARS.map((name) => [name, env[name]]));
      running.child.stdin?.end(`${JSON.stringify(assignment)}\n`);
      running.log.info({ jobUuid: spec.jobUuid }, 'warm executor assigned to a job');
    } else {
      running = await this.spawnExecutor(env, { jobUuid: spec.jobUuid, executorClass: spec.executorClass }, false);
    }
    if (this.config.warmSpares) this.replenish(spec);
    const handle: ExecutorHandle = { token: spec.token, executorClass: spec.executorClass, startedAt: Date.now(), ...(this.config.publicAddress ? { host: this.config.publicAddress } : {}) };
    this.running.set(handle, running);
    return handle;
  }

  private takeSpare(executorClass: string): Running | undefined {
    const spare = this.spares.get(executorClass);
    this.spares.delete(executorClass);
    return spare && spare.exit.exitStatus === undefined && spare.child.stdin?.writable ? spare : undefined;
  }

  /** Starts the next spare of this class in the background; a failure only costs the next job its head start. */
  private replenish(spec: ExecutorStartSpec): void {
    const { EXECUTOR_TOKEN: _token, ...env } = executorEnv(spec, this.config.env);
    void this.spawnExecutor({ ...env, EXECUTOR_WARM_SPARE: 'true' }, { executorClass: spec.executorClass, spare: true }, true).then(
      (spare) => {
        if (this.closing || this.spares.has(spec.executorClass)) void this.stopOnce(spare);
        else this.spares.set(spec.executorClass, spare);
      },
      (err: unknown) => this.log.warn({ err, executorClass: spec.executorClass }, 'could not start a warm executor'),
    );
  }

  private async spawnExecutor(executorVars: Record<string, string>, logFields: Record<string, unknown>, withStdin: boolean): Promise<Running> {
    const [file, ...args] = this.command as [string, ...string[]];
    const hostEnv = this.deps.hostEnv ?? {};
    const env = { ...passThrough([...BASE_PASS_ENV, ...this.config.passEnv], hostEnv), ...dockerHostFor(hostEnv), ...executorVars };
    const child = spawn(file, args, { cwd: this.cwd, env, stdio: [withStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], detached: true });
    const exit = new ExitWatch(new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)))));
    const log = this.deps.logger.child({ component: 'executor', ...logFields, executorPid: child.pid });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (err) {
      throw executorManagerErrors.error('EXECUTOR_START_FAILED', `spawn ${file}`, { cause: err, context: logFields });
    }
    child.on('error', (err) => log.warn({ err }, 'executor process error'));
    child.stdin?.on('error', () => undefined); // a spare that died before its assignment: seen through `exit`
    pipeLines(child.stdout as NonNullable<typeof child.stdout>, log, 'stdout', 'info');
    pipeLines(child.stderr as NonNullable<typeof child.stderr>, log, 'stderr', 'warn');
    const running: Running = { child, exit, log };
    this.live.add(running);
    void exit.ended.then((status) => {
      this.live.delete(running);
      log.info({ exitStatus: status }, 'executor process exited');
    });
    return running;
  }

  async wait(handle: ExecutorHandle, timeoutMs: number): Promise<number | null> {
    return this.state(handle).exit.wait(timeoutMs);
  }

  /**
   * SIGTERM to the executor's process group, SIGKILL after `killGraceMs`; then its job container
   * goes. For a handle this manager did not start (rebuilt from a token after a restart) only the
   * job container can be removed.
   */
  async kill(handle: ExecutorHandle): Promise<void> {
    const running = this.running.get(handle);
    if (running) await this.stopOnce(running);
    await this.removeJobContainer(handle.token, running?.log ?? this.log);
  }

  async publicAddress(): Promise<string | null> {
    return this.config.publicAddress;
  }

  /** Kills executors still running (the pool normally did already). */
  async close(): Promise<void> {
    this.closing = true;
    this.spares.clear();
    await Promise.all([...this.live].map((running) => this.stopOnce(running)));
  }

  /** One stop at a time per executor; a failed stop may be tried again. */
  private stopOnce(running: Running): Promise<void> {
    running.killing ??= this.stop(running).catch((err: unknown) => {
      running.killing = undefined;
      throw err;
    });
    return running.killing;
  }

  private async stop(running: Running): Promise<void> {
    // Once the executor's own exit was seen its pid may be reused: only signal a group we know is ours.
    if (running.exit.exitStatus !== undefined) return;
    signalGroup(running.child, 'SIGTERM');
    if ((await running.exit.wait(this.config.killGraceMs)) === null) {
      running.log.warn({ graceMs: this.config.killGraceMs }, 'executor ignored SIGTERM, sending SIGKILL');
      signalGroup(running.child, 'SIGKILL');
      if ((await running.exit.wait(this.config.killGraceMs)) === null) {
        throw executorManagerErrors.error('EXECUTOR_KILL_FAILED', `pid ${running.child.pid} survived SIGKILL`);
      }
    }
    signalGroup(running.child, 'SIGKILL'); // whatever the executor left behind in its group
  }

  private async removeJobContainer(token: string, log: Logger): Promise<void> {
    if (!this.deps.docker) return;
    try {
      const removed = await removeJobContainers(this.deps.docker, token);
      if (removed > 0) log.info({ removed }, 'removed the job container of a killed executor');
    } catch (err) {
      log.warn({ err }, 'could not look for the job container of a killed executor (is docker reachable?)');
    }
  }

  private state(handle: ExecutorHandle): Running {
    const running = this.running.get(handle);
    if (!running) throw executorManagerErrors.error('EXECUTOR_WAIT_FAILED', 'handle was not started by this manager');
    return running;
  }
}

/** Signals the child's process group; a group that is already gone is fine. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
