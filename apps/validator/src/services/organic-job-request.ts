/**
 * What the validator runs, whoever asked: the admin API, the CLI or the facilitator (a V2JobRequest
 * whose user signature was already checked). One schema, so every entry point enqueues the same thing.
 */
import { z } from 'zod';
import { ExecutorClass, OutputUpload, Volume } from '@horde/protocol';

const Seconds = z.number().int().min(0).max(3600);

export const OrganicJobRequest = z.object({
  uuid: z.uuid(),
  executor_class: ExecutorClass,
  docker_image: z.string().min(1).max(512),
  /** Command of the job container (the reference's `args` / `docker_run_cmd`). */
  args: z.array(z.string()).max(256).default([]),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
  volume: Volume.nullish(),
  output_upload: OutputUpload.nullish(),
  artifacts_dir: z.string().startsWith('/').nullish(),
  download_time_limit: Seconds,
  execution_time_limit: Seconds.min(1),
  upload_time_limit: Seconds,
  streaming_start_time_limit: Seconds.default(0),
  /** Run on this miner (hotkey) instead of routing. */
  miner_hotkey: z.string().nullish(),
  /** Grouping for statistics; defaults to the image. */
  namespace: z.string().max(256).nullish(),
  source: z.enum(['admin', 'cli', 'facilitator']),
  /** The submitter's hotkey when known (facilitator jobs). */
  submitted_by: z.string().nullish(),
});
export type OrganicJobRequest = z.infer<typeof OrganicJobRequest>;
export type OrganicJobRequestInput = z.input<typeof OrganicJobRequest>;

/** The fields a job spec carries under the same names whoever sent it (admin body, V2JobRequest). */
type SharedSpecFields = 'executor_class' | 'args' | 'env' | 'volume' | 'output_upload' | 'artifacts_dir' | 'download_time_limit' | 'execution_time_limit' | 'upload_time_limit' | 'streaming_start_time_limit';

/** Copies the shared job-spec fields of `source` (one place, so the entry points cannot drift apart). */
export function sharedJobSpec(source: Pick<OrganicJobRequestInput, SharedSpecFields>): Pick<OrganicJobRequestInput, SharedSpecFields> {
  return {
    executor_class: source.executor_class,
    args: source.args,
    env: source.env,
    volume: source.volume ?? null,
    output_upload: source.output_upload ?? null,
    artifacts_dir: source.artifacts_dir ?? null,
    download_time_limit: source.download_time_limit,
    execution_time_limit: source.execution_time_limit,
    upload_time_limit: source.upload_time_limit,
    streaming_start_time_limit: source.streaming_start_time_limit,
  };
}
