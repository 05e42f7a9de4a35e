/**
 * @horde/facilitator for tests and tools (no side effects; the process entry is main.ts): the app
 * builder, the database and its repositories, the CLI and the error catalog.
 */
export { buildFacilitatorApp } from './app';
export type { FacilitatorApp, FacilitatorAppOptions, RateLimitOptions } from './app';
export { MIGRATIONS_FOLDER, openFacilitatorDatabase } from './db/database';
export type { FacilitatorDatabaseHandle, FacilitatorDb, OpenFacilitatorDatabaseOptions } from './db/database';
export { JobsRepo } from './db/jobs';
export type { JobRow, StatusEntry } from './db/jobs';
export { ValidatorsRepo } from './db/validators';
export type { ValidatorRow } from './db/validators';
export { WhitelistRepo } from './db/whitelist';
export * as facilitatorSchema from './db/schema';
export { facilitatorEnv, loadEnv } from './env';
export type { FacilitatorEnv } from './env';
export { facilitatorErrors } from './errors';
export type { FacilitatorErrorCode } from './errors';
export { runCli } from './cli/program';
export type { CliContext, CliRepos } from './cli/program';
export { MASKED_ENV_VALUE } from './server/job-view';
