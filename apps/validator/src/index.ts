/**
 * @horde/validator for tests and tools (no side effects; the process entry is main.ts): the app
 * builder, the database and its repositories, the organic jobs service, the status bus, routing,
 * the miner client, the environment and the error catalog.
 */
export { buildValidatorApp } from './app';
export type { ValidatorApp, ValidatorAppOptions } from './app';
export { MIGRATIONS_FOLDER, openValidatorDatabase } from './db/database';
export type { OpenValidatorDatabaseOptions, ValidatorDatabaseHandle, ValidatorDb } from './db/database';
export * as validatorSchema from './db/schema';
export { OrganicJobsRepo } from './db/jobs';
export type { OrganicJobRow, StatusRow } from './db/jobs';
export { MinersRepo } from './db/miners';
export type { MinerRow } from './db/miners';
export { ReceiptsRepo } from './db/receipts';
export { WhitelistRepo } from './db/whitelist';
export { hotkeyLocation, loadEnv, parseMinerSpec, validatorEnv, VALIDATOR_ROLES } from './env';
export type { ValidatorEnv, ValidatorRole } from './env';
export { validatorErrors } from './errors';
export type { ValidatorErrorCode } from './errors';
export { JOB_CATALOG, ORGANIC_QUEUE } from './jobs/catalog';
export { VALIDATOR_RESTARTED } from './jobs/organic-worker';
export { DEFAULT_MINER_CLIENT_LIMITS } from './miner-client/limits';
export type { MinerClientLimits } from './miner-client/limits';
export { runOnMiner } from './miner-client/run-on-miner';
export { pollManifest } from './miner-client/manifest';
export { createAdminServer } from './server/admin';
export type { AdminServer } from './server/admin';
export { JobStatusBus } from './services/job-status-bus';
export { OrganicJobRequest } from './services/organic-job-request';
export type { OrganicJobRequestInput } from './services/organic-job-request';
export { OrganicJobs } from './services/organic-jobs';
export type { JobWithHistory } from './services/organic-jobs';
export { FacilitatorClient, facilitatorClientErrors } from './facilitator-client';
export type { FacilitatorClientOptions, FacilitatorClientState } from './facilitator-client';
