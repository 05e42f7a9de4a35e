import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import type { DockerManagerConfig, Manifest } from './config';
import { executorContainerOptions } from './container-spec';
import { DockerClients } from './docker-clients';
import { LABELS, dockerStatus, removeContainer, removeJobContainers } from './docker-containers';
import { executorManagerErrors } from './errors';
import { ExitWatch } from './exit-watch';
import { HostRoster } from './host-roster';
import { HostsSource, manifestOf } from './hosts-file';
import type { DockerHost } from './hosts-file';
import { pipeLines } from './log-lines';
import type { ExecutorHandle, ExecutorManager, ExecutorStartSpec } from './types';

export interface DockerManagerDeps {
  logger: Logger;
  /** Client of the local engine (hosts in `local` mode); default: Dockerode's default. */
  docker?: Dockerode;
  /** Clock of the hosts file cache, for tests. */
  now?: () => number;
}

/** Exit status reported when an executor's container vanished before its status could be read. */
export const EXIT_STATUS_UNKNOWN = -1;
/** Pause before the exit watch asks an engine again after it could not be reached. */
const WATCH_RETRY_MS = 1_000;

interface Running {
  readonly host: DockerHost;
  readonly docker: Dockerode;
  readonly containerId: string;
  readonly token: string;
  readonly exit: ExitWatch;
  readonly abort: AbortController;
  readonly log: Logger;
  killing?: Promise<void>;
}

/**
 * Runs each executor as a container from the executor image (the reference's docker manager), on the
 * hosts listed in the hosts file: the local engine, or remote engines over SSH. Executor containers
 * are removed when they exit (AutoRemove); their output goes to the miner's log.
 */
export class DockerExecutorManager implements ExecutorManager {
  readonly kind = 'docker';
  private readonly log: Logger;
  private readonly hostsSource: HostsSource;
  private readonly roster = new HostRoster();
  private readonly clients: DockerClients;
  private readonly running = new WeakMap<ExecutorHandle, Running>();
  private readonly live = new Set<Running>();

  constructor(
    private readonly config: DockerManagerConfig,
    private readonly deps: DockerManagerDeps,
  ) {
    this.log = deps.logger.child({ component: 'docker-executor-manager' });
    this.hostsSource = new HostsSource(config.hostsFile, config.defaultExecutorClass, config.hostsCacheMs, deps.now);
    this.clients = new DockerClients(deps.docker);
  }

  async manifest(): Promise<Manifest> {
    return manifestOf(await this.hostsSource.hosts());
  }

  async start(spec: ExecutorStartSpec): Promise<ExecutorHandle> {
    const host = this.roster.acquire(await this.hostsSource.hosts(), spec.executorClass);
    if (!host) throw executorManagerErrors.error('EXECUTOR_START_FAILED', `no free docker host for ${spec.executorClass}`, { context: { jobUuid: spec.jobUuid } });
    const log = this.deps.logger.child({ component: 'executor', jobUuid: spec.jobUuid, executorClass: spec.executorClass, dockerHost: host.name });
    let running: Running;
    try {
      running = await this.run(spec, host, log);
    } catch (err) {
      this.roster.release(host.name);
      throw executorManagerErrors.error('EXECUTOR_START_FAILED', `on docker host ${host.name}`, { cause: err, context: { jobUuid: spec.jobUuid, dockerHost: host.name } });
    }
    this.live.add(running);
    void running.exit.ended.then((status) => {
      this.live.delete(running);
      this.roster.release(host.name);
      log.info({ exitStatus: status }, 'executor container ended');
    });
    const address = this.addressOf(host);
    const handle: ExecutorHandle = { token: spec.token, executorClass: spec.executorClass, startedAt: Date.now(), ...(address ? { host: address } : {}) };
    this.running.set(handle, running);
    return handle;
  }

  async wait(handle: ExecutorHandle, timeoutMs: number): Promise<number | null> {
    return this.state(handle).exit.wait(timeoutMs);
  }

  /**
   * `docker stop` (grace `stopTimeoutS`), then removes the executor container and its job container.
   * A handle this manager did not start (one rebuilt from a token after a restart) is killed by its
   * labels on every host.
   */
  async kill(handle: ExecutorHandle): Promise<void> {
    const running = this.running.get(handle);
    if (!running) return this.killByToken(handle.token);
    running.killing ??= this.stop(running).catch((err: unknown) => {
      running.killing = undefined;
      throw executorManagerErrors.error('EXECUTOR_KILL_FAILED', `on docker host ${running.host.name}`, { cause: err, context: { dockerHost: running.host.name } });
    });
    await running.killing;
  }

  async publicAddress(handle: ExecutorHandle): Promise<string | null> {
    const running = this.running.get(handle);
    return running ? this.addressOf(running.host) : null;
  }

  /** Kills executors still running (the pool normally did already) and stops watching them. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.live].map((running) => (running.killing ??= this.stop(running))));
    for (const running of this.live) running.abort.abort();
  }

  private async run(spec: ExecutorStartSpec, host: DockerHost, log: Logger): Promise<Running> {
    const docker = this.clients.for(host);
    const container = await docker.createContainer(executorContainerOptions(spec, this.config));
    try {
      const abort = new AbortController();
      // Asked before the start: an AutoRemove container's status is gone once it was removed.
      const exit = new ExitWatch(this.watchExit(docker, container.id, abort.signal, log));
      const output = await container.attach({ stream: true, stdout: true, stderr: true });
      forwardOutput(docker, output, log);
      await container.start();
      return { host, docker, containerId: container.id, token: spec.token, exit, abort, log };
    } catch (err) {
      await removeContainer(docker, container.id).catch((cleanupErr: unknown) => log.warn({ err: cleanupErr }, 'could not remove an executor container that failed to start'));
      throw err;
    }
  }

  /**
   * Resolves with the container's exit status once it is gone. When the engine cannot be asked (an
   * SSH host that went away), asks again until it answers or the manager closes.
   */
  private async watchExit(docker: Dockerode, id: string, signal: AbortSignal, log: Logger): Promise<number> {
    let condition: 'removed' | 'not-running' = 'removed';
    for (;;) {
      try {
        const result = (await docker.getContainer(id).wait({ condition, abortSignal: signal })) as { StatusCode: number };
        return result.StatusCode;
      } catch (err) {
        if (signal.aborted) return EXIT_STATUS_UNKNOWN;
        const state = await docker
          .getContainer(id)
          .inspect()
          .then((info) => info.State, (inspectErr: unknown) => (dockerStatus(inspectErr) === 404 ? null : undefined));
        if (state === null) return EXIT_STATUS_UNKNOWN;
        if (state && !state.Running && state.Status !== 'created') return state.ExitCode;
        log.warn({ err }, 'lost the wait on an executor container, asking again');
        condition = 'not-running';
        await new Promise((resolve) => setTimeout(resolve, WATCH_RETRY_MS));
      }
    }
  }

  private async stop(running: Running): Promise<void> {
    const container = running.docker.getContainer(running.containerId);
    try {
      await container.stop({ t: this.config.stopTimeoutS });
    } catch (err) {
      const status = dockerStatus(err);
      if (status !== 304 && status !== 404) throw err; // 304: already stopped
    }
    await removeContainer(running.docker, running.containerId);
    const removed = await removeJobContainers(running.docker, running.token);
    running.log.info({ jobContainersRemoved: removed }, 'executor container killed');
    await running.exit.wait(this.config.stopTimeoutS * 1000 + 5_000);
  }

  private async killByToken(token: string): Promise<void> {
    const engines = new Set((await this.hostsSource.hosts()).map((host) => this.clients.for(host)));
    const results = await Promise.allSettled(
      [...engines].map(async (docker) => {
        const executors = await docker.listContainers({ all: true, filters: { label: [`${LABELS.executorToken}=${token}`] } });
        await Promise.all(executors.map((info) => removeContainer(docker, info.Id)));
        await removeJobContainers(docker, token);
      }),
    );
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw executorManagerErrors.error('EXECUTOR_KILL_FAILED', 'by token on the docker hosts', { cause: failed.reason });
  }

  private addressOf(host: DockerHost): string | null {
    return host.host ?? this.config.publicAddress;
  }

  private state(handle: ExecutorHandle): Running {
    const running = this.running.get(handle);
    if (!running) throw executorManagerErrors.error('EXECUTOR_WAIT_FAILED', 'handle was not started by this manager');
    return running;
  }
}

/** Splits the attached (multiplexed) output into stdout and stderr lines for the log. */
function forwardOutput(docker: Dockerode, output: NodeJS.ReadableStream, log: Logger): void {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(output, stdout, stderr);
  output.on('end', () => {
    stdout.end();
    stderr.end();
  });
  output.on('error', () => {
    stdout.end();
    stderr.end();
  });
  pipeLines(stdout, log, 'stdout', 'info');
  pipeLines(stderr, log, 'stderr', 'warn');
}
