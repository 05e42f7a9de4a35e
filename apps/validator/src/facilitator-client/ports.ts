/**
 * What the facilitator client needs from the rest of the validator, narrowed to the calls it makes,
 * so that tests (and other wirings) can provide small implementations.
 */
import type { V0JobStatusUpdate } from '@horde/protocol';
import type { OrganicJobRequestInput } from '../services/organic-job-request';

/** Runs organic jobs (the validator's OrganicJobs service). */
export interface JobSubmitter {
  /** Accepts the job for execution; its statuses then appear on the status source. */
  submit(request: OrganicJobRequestInput): Promise<{ jobUuid: string }>;
  /** Stops the job at whatever stage it is in; it ends with status `cancelled`. */
  cancel(jobUuid: string, reason: string): Promise<void>;
}

/** Which end users (by hotkey) may have jobs run here, besides the validator itself (the whitelist). */
export interface SignerPolicy {
  isAllowed(hotkey: string): Promise<boolean>;
}

/** Where job statuses are published (the JobStatusBus). */
export interface StatusSource {
  /** Listens to one job's updates; resolves once listening, with the unsubscribe function. */
  subscribe(jobUuid: string, listener: (update: V0JobStatusUpdate) => void): Promise<() => Promise<void>>;
}
