/**
 * @horde/miner for tests and tools (no side effects; the process entry is main.ts): the app
 * builder, the database, the services and the error catalog.
 */
export { buildMinerApp } from './app';
export type { MinerApp, MinerAppOptions } from './app';
export { MIGRATIONS_FOLDER, openMinerDatabase } from './db/database';
export type { MinerDatabaseHandle, MinerDb, OpenMinerDatabaseOptions } from './db/database';
export { JobsRepo } from './db/jobs';
export type { AbandonedJob, AcceptedJobPatch, AcceptedJobRow } from './db/jobs';
export { ReceiptsRepo } from './db/receipts';
export { ValidatorsRepo } from './db/validators';
export type { ChainSyncChanges, ValidatorRow } from './db/validators';
export * as minerSchema from './db/schema';
export { chainConfig, executorManagerConfig, hotkeyLocation, loadEnv, minerEnv } from './env';
export type { AnnounceConfig, MinerChainConfig, MinerEnv } from './env';
export { connectMinerChain } from './chain/connect';
export type { MinerChainOptions } from './chain/connect';
export type { AxonAnnouncement, Landed, MinerChain } from './chain/miner-chain';
export { startChainWork } from './services/chain-work';
export type { ChainWork, ChainWorkDeps } from './services/chain-work';
export { minerErrors } from './errors';
export type { MinerErrorCode } from './errors';
export { buildCli } from './cli/program';
export type { CliContext, CliOptions } from './cli/program';
export { MINER_RESTARTED, recoverJobs } from './services/recovery';
export type { RecoveryDeps } from './services/recovery';
export { DEFAULT_AUTH_POLICY } from './services/validator-auth';
export type { AuthPolicy } from './services/validator-auth';
export { createExecutorManager, ExecutorPool, ExecutorManagerConfig, executorManagerErrors } from './executor-managers';
