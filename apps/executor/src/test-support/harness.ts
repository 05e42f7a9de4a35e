/** Runs the executor in-process against a fake miner, the way the miner would start it. */
import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { DriverReport } from '../driver/job-driver';
import { JOB_LABELS } from '../docker/labels';
import { loadEnv } from '../env';
import { runExecutor } from '../run';
import type { FakeMiner } from './fake-miner';

export interface StartedExecutor {
  readonly token: string;
  /** Settles when the executor is done (reported, cleaned up, disconnected). */
  readonly done: Promise<DriverReport>;
}

export interface StartExecutorOptions {
  docker: Docker;
  logger: Logger;
  miner: FakeMiner;
  tempRoot: string;
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  signal?: AbortSignal;
}

/** A token shaped like the miner's: `<job_uuid>-<uuid4>`. */
export function newToken(): string {
  return `${randomUUID()}-${randomUUID()}`;
}

export function startExecutor(opts: StartExecutorOptions): StartedExecutor {
  const token = newToken();
  const env = loadEnv({
    EXECUTOR_MINER_ADDRESS: opts.miner.address,
    EXECUTOR_TOKEN: token,
    EXECUTOR_TEMP_ROOT: opts.tempRoot,
    EXECUTOR_NO_GPU: 'true',
    EXECUTOR_STARTUP_TIME_LIMIT_S: '15',
    EXECUTOR_JOB_MEMORY_BYTES: String(256 * 1024 ** 2),
    EXECUTOR_JOB_PIDS: '128',
    EXECUTOR_JOB_NANO_CPUS: String(1e9),
    EXECUTOR_JOB_LOG_BYTES: String(1024 ** 2),
    ...opts.env,
  });
  const done = runExecutor(env, { docker: opts.docker, logger: opts.logger, ...(opts.signal ? { signal: opts.signal } : {}) });
  return { token, done };
}

/** Containers (any state) carrying the executor token's label. */
export async function containersOf(docker: Docker, token: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${JOB_LABELS.token}=${token}`] } });
}
