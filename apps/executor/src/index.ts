/**
 * @horde/executor: runs one job for the miner. `main.ts` is the process entry (and the bundle's);
 * this module exports the pieces, without side effects, for tests and for the miner's process
 * executor manager.
 */
export { executorEnv, loadEnv } from './env';
export type { ExecutorEnv } from './env';
export { driverConfig, runExecutor } from './run';
export type { RunExecutorDeps } from './run';
export { JobDriver } from './driver/job-driver';
export type { DriverConfig, DriverDeps, DriverReport, JobOutcome } from './driver/job-driver';
export { Deadline } from './driver/deadline';
export { Inbox } from './driver/inbox';
export { connectMiner, executorInterfaceUrl } from './driver/miner-link';
export type { MinerLink } from './driver/miner-link';
export { failureMessage } from './driver/failures';
export { collectSpecs } from './specs';
export { SecurityCheck, SecurityCheckList, runSecurityChecks } from './security-checks';
export { executorErrors } from './errors';
export type { ExecutorErrorCode } from './errors';
export { executorIo } from './io-errors';
export { reapJobContainers } from './docker/janitor';
export { JOB_LABELS, jobContainerName } from './docker/labels';
