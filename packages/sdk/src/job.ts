/**
 * What the facilitator says about a job (`GET /api/v1/jobs/:uuid/`), read leniently: the reference
 * facilitator writes legacy status labels (`"Completed"`), ours the wire statuses (`"completed"`);
 * unknown fields are ignored, unknown statuses read as `unknown`.
 */
import { HttpOutputVolumeResponse, JobStatus, JobStatusMetadata, isTerminalJobStatus } from '@horde/protocol';
import type { HordeFailureDetails, JobFailureDetails, JobRejectionDetails } from '@horde/protocol';
import { z } from 'zod';

/** A status label as either facilitator writes it, as a wire `JobStatus`. */
export const StatusLabel = z.string().transform((label): JobStatus => {
  const parsed = JobStatus.safeParse(label.trim().toLowerCase().replaceAll(/[\s-]+/g, '_'));
  return parsed.success ? parsed.data : 'unknown';
});

const Metadata = z.unknown().transform((value) => {
  const parsed = JobStatusMetadata.safeParse(value);
  return parsed.success ? parsed.data : null;
});

export const StatusEntry = z.object({
  status: StatusLabel,
  metadata: Metadata.optional().transform((value) => value ?? null),
  created_at: z.string().nullish(),
});
export type StatusEntry = z.infer<typeof StatusEntry>;

const UploadResult = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((value) => {
  let candidate: unknown = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const parsed = HttpOutputVolumeResponse.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
});

export const FacilitatorJob = z.object({
  uuid: z.string(),
  status: StatusLabel,
  stdout: z.string().nullish(),
  stderr: z.string().nullish(),
  artifacts: z.record(z.string(), z.string()).nullish(),
  upload_results: z.record(z.string(), UploadResult).nullish(),
  status_history: z.array(StatusEntry).nullish(),
});
export type FacilitatorJob = z.infer<typeof FacilitatorJob>;

export const FacilitatorJobPage = z.object({
  count: z.number().int().nonnegative(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
  results: z.array(FacilitatorJob),
});

/** Why a job did not complete, from the metadata of its terminal status. */
export type JobError =
  | { readonly kind: 'failed'; readonly details: JobFailureDetails | null }
  | { readonly kind: 'horde_failed'; readonly details: HordeFailureDetails | null }
  | { readonly kind: 'rejected'; readonly details: JobRejectionDetails | null }
  | { readonly kind: 'cancelled' };

export interface JobResult {
  readonly uuid: string;
  readonly status: JobStatus;
  readonly statusHistory: readonly StatusEntry[];
  readonly stdout: string;
  readonly stderr: string;
  readonly artifacts: Readonly<Record<string, Buffer>>;
  readonly uploadResults: Readonly<Record<string, HttpOutputVolumeResponse>>;
  readonly error: JobError | null;
}

/** True while the job can still change status. */
export function isInProgress(status: JobStatus): boolean {
  return !isTerminalJobStatus(status);
}

export function toJobResult(job: FacilitatorJob): JobResult {
  const statusHistory = job.status_history ?? [];
  const status = statusHistory.at(-1)?.status ?? job.status;
  const uploadResults: Record<string, HttpOutputVolumeResponse> = {};
  for (const [path, result] of Object.entries(job.upload_results ?? {})) if (result) uploadResults[path] = result;
  return {
    uuid: job.uuid,
    status,
    statusHistory,
    stdout: job.stdout ?? '',
    stderr: job.stderr ?? '',
    artifacts: Object.fromEntries(Object.entries(job.artifacts ?? {}).map(([path, data]) => [path, Buffer.from(data, 'base64')])),
    uploadResults,
    error: jobError(status, statusHistory),
  };
}

function jobError(status: JobStatus, history: readonly StatusEntry[]): JobError | null {
  const metadata = [...history].reverse().find((entry) => entry.status === status)?.metadata ?? null;
  switch (status) {
    case 'failed':
      return { kind: 'failed', details: metadata?.job_failure_details ?? null };
    case 'horde_failed':
      return { kind: 'horde_failed', details: metadata?.horde_failure_details ?? null };
    case 'rejected':
      return { kind: 'rejected', details: metadata?.job_rejection_details ?? null };
    case 'cancelled':
      return { kind: 'cancelled' };
    default:
      return null;
  }
}
