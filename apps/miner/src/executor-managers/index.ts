/**
 * The miner's executor managers (how an executor comes to life for one job) and the executor pool
 * (which slots of which class are taken). The miner builds one manager from its config with
 * `createExecutorManager` and hands it to one `ExecutorPool`.
 */
export type { ExecutorHandle, ExecutorManager, ExecutorStartSpec } from './types';
export { DockerManagerConfig, ExecutorManagerConfig, Manifest, ProcessManagerConfig } from './config';
export type { ExecutorManagerConfigInput } from './config';
export { createExecutorManager } from './factory';
export type { ExecutorManagerDeps } from './factory';
export { ExecutorPool, MAX_EXECUTOR_TTL_MS } from './pool';
export type { ExecutorPoolOptions, ReserveOptions, ReserveSpec } from './pool';
export { executorManagerErrors } from './errors';
export type { ExecutorManagerErrorCode } from './errors';
export { ProcessExecutorManager } from './process-manager';
export { DockerExecutorManager, EXIT_STATUS_UNKNOWN } from './docker-manager';
export { HostsFile, manifestOf, parseHostsFile, readHostsFile } from './hosts-file';
export type { DockerHost } from './hosts-file';
