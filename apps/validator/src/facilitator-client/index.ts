/** The validator's facilitator client: wire it with an OrganicJobs submitter, the whitelist and the JobStatusBus. */
export { FacilitatorClient } from './facilitator-client';
export type { FacilitatorClientOptions, FacilitatorClientState } from './facilitator-client';
export { DEFAULT_BACKOFF } from './backoff';
export type { BackoffOptions } from './backoff';
export { facilitatorClientErrors } from './errors';
export type { FacilitatorClientErrorCode } from './errors';
export type { JobSubmitter, SignerPolicy, StatusSource } from './ports';
