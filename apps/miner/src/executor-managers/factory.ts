import { assertNever } from '@horde/protocol';
import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ExecutorManagerConfig } from './config';
import type { ExecutorManagerConfigInput } from './config';
import { DockerExecutorManager } from './docker-manager';
import { executorManagerErrors } from './errors';
import { ProcessExecutorManager } from './process-manager';
import type { ExecutorManager } from './types';

export interface ExecutorManagerDeps {
  logger: Logger;
  /**
   * The local Docker engine: the docker manager's `local` hosts, and where the process manager
   * removes a killed executor's job container. Default: Dockerode's default (DOCKER_HOST or the socket).
   */
  docker?: Dockerode;
  /** Source of the variables the process manager hands through (PATH, HOME, ...); pass `process.env`. */
  hostEnv?: Readonly<Record<string, string | undefined>>;
}

/** Parses `config` (applying defaults) and builds the manager it names; `CONFIG_INVALID` when it is wrong. */
export function createExecutorManager(config: ExecutorManagerConfigInput, deps: ExecutorManagerDeps): ExecutorManager {
  const parsed = ExecutorManagerConfig.safeParse(config);
  if (!parsed.success) throw executorManagerErrors.error('CONFIG_INVALID', z.prettifyError(parsed.error), { cause: parsed.error });
  const value = parsed.data;
  switch (value.kind) {
    case 'process':
      return new ProcessExecutorManager(value, deps);
    case 'docker':
      return new DockerExecutorManager(value, deps);
    default:
      return assertNever(value, 'executor manager kind');
  }
}
