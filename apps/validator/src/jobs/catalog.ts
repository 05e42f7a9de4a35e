/**
 * The BullMQ job catalog: each job name maps to its queue, its payload schema and default options.
 * `parseJobPayload` is used both before adding (enqueue) and by the processor (old payloads survive
 * deploys; an invalid one fails without retry).
 */
import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { OrganicJobRequest } from '../services/organic-job-request';
import { validatorErrors } from '../errors';

export const ORGANIC_QUEUE = 'organic-jobs';

export const JOB_CATALOG = {
  'organic-job': {
    queue: ORGANIC_QUEUE,
    schema: OrganicJobRequest,
    // One BullMQ attempt: failover to other miners is the job runner's business, and a job must never
    // run twice. Removed once done, so that env values do not linger in Redis.
    options: { attempts: 1, removeOnComplete: true, removeOnFail: true } satisfies JobsOptions,
  },
} as const;

export type JobName = keyof typeof JOB_CATALOG;
export type JobPayload<N extends JobName> = z.output<(typeof JOB_CATALOG)[N]['schema']>;

export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const parsed = JOB_CATALOG[name].schema.safeParse(data);
  if (!parsed.success) {
    throw validatorErrors.error('QUEUE_PAYLOAD_INVALID', `${name}: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  }
  return parsed.data as JobPayload<N>;
}
