/**
 * A job to run, named as the reference SDK's `ComputeHordeJobSpec`, and the `POST
 * /api/v1/job-docker/` body built from it.
 */
import { volumeModelDump, uploadModelDump } from '@horde/hotkey';
import type { JobDockerSignedBody } from '@horde/hotkey';
import { DEFAULT_EXECUTOR_CLASS, executorClassSpec } from '@horde/protocol';
import { sdkErrors } from './errors';
import { toWireUpload, toWireVolume } from './volumes';
import type { InputVolume, OutputVolume } from './volumes';

export interface JobSpec {
  /** Hardware class (default `DEFAULT_EXECUTOR_CLASS`). */
  readonly executor_class?: string | undefined;
  /** Where the job comes from, e.g. `"SN123.0"`. */
  readonly job_namespace?: string | undefined;
  readonly docker_image: string;
  readonly args?: readonly string[] | undefined;
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Absolute directory whose files come back as `artifacts`. */
  readonly artifacts_dir?: string | undefined;
  /** Mount path (`/volume/...`) → volume. */
  readonly input_volumes?: Readonly<Record<string, InputVolume>> | undefined;
  /** Output file (`/output/...`) → where it is uploaded. */
  readonly output_volumes?: Readonly<Record<string, OutputVolume>> | undefined;
  /** Seconds for each stage (defaults 60 / 60 / 60 / 5). */
  readonly download_time_limit_sec?: number | undefined;
  readonly execution_time_limit_sec?: number | undefined;
  readonly upload_time_limit_sec?: number | undefined;
  readonly streaming_start_time_limit_sec?: number | undefined;
  readonly tag?: string | undefined;
}

export const DEFAULT_TIME_LIMIT_SEC = 60;
export const DEFAULT_STREAMING_START_TIME_LIMIT_SEC = 5;

/** The job-docker body: the signed fields plus the target validator, namespace and tag. */
export interface JobDockerBody extends JobDockerSignedBody {
  readonly target_validator_hotkey: string;
  readonly job_namespace?: string;
  readonly tag?: string;
}

/**
 * The request body for `spec`. Volumes and uploads are written with every field of their
 * reference model (nulls included), so that the validator, which re-derives the signed payload
 * from its own models, hashes the very same JSON. `use_gpu` (deprecated) follows the class.
 */
export function jobDockerBody(spec: JobSpec, targetValidatorHotkey: string, onTrustedMiner = false): JobDockerBody {
  if (!spec.docker_image) throw sdkErrors.error('JOB_SPEC_INVALID', 'docker_image is required');
  const executorClass = spec.executor_class ?? DEFAULT_EXECUTOR_CLASS;
  if (spec.artifacts_dir !== undefined && !spec.artifacts_dir.startsWith('/')) {
    throw sdkErrors.error('JOB_SPEC_INVALID', 'artifacts_dir must be an absolute path');
  }
  return {
    target_validator_hotkey: targetValidatorHotkey,
    executor_class: executorClass,
    docker_image: spec.docker_image,
    ...(spec.job_namespace === undefined ? {} : { job_namespace: spec.job_namespace }),
    args: [...(spec.args ?? [])],
    env: { ...spec.env },
    use_gpu: executorClassSpec(executorClass)?.hasGpu ?? true,
    artifacts_dir: spec.artifacts_dir ?? null,
    on_trusted_miner: onTrustedMiner,
    download_time_limit: limit(spec.download_time_limit_sec, DEFAULT_TIME_LIMIT_SEC, 'download'),
    execution_time_limit: limit(spec.execution_time_limit_sec, DEFAULT_TIME_LIMIT_SEC, 'execution'),
    streaming_start_time_limit: limit(spec.streaming_start_time_limit_sec, DEFAULT_STREAMING_START_TIME_LIMIT_SEC, 'streaming start'),
    upload_time_limit: limit(spec.upload_time_limit_sec, DEFAULT_TIME_LIMIT_SEC, 'upload'),
    volumes: Object.entries(spec.input_volumes ?? {}).map(([path, volume]) => volumeModelDump(toWireVolume(path, volume))),
    uploads: Object.entries(spec.output_volumes ?? {}).map(([path, output]) => uploadModelDump(toWireUpload(path, output))),
    ...(spec.tag === undefined ? {} : { tag: spec.tag }),
  };
}

function limit(value: number | undefined, fallback: number, what: string): number {
  const seconds = value ?? fallback;
  if (!Number.isInteger(seconds) || seconds < 0) throw sdkErrors.error('JOB_SPEC_INVALID', `${what} time limit must be a whole number of seconds`);
  return seconds;
}
