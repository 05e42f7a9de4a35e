/**
 * Request shapes of the REST API, checked with zod at the edge (a failure is a typed 400
 * VALIDATION_FAILED listing the issues). The same schemas feed the OpenAPI document.
 */
import { z } from 'zod';
import { ExecutorClass, SimpleVolume, SingleFileUpload, StreamingDetails } from '@horde/protocol';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical textual UUID (what the `uuid` column accepts). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

const Hotkey = z.string().min(1).max(64);
const Seconds = z.number().int().nonnegative().max(86_400);

export const LoginBody = z.object({
  hotkey: Hotkey,
  /** Hex (with or without 0x) of the sr25519 signature of the nonce's UTF-8 bytes. */
  signature: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
});

/** `POST /api/v1/job-docker/` (reference body). */
export const JobCreateBody = z.object({
  target_validator_hotkey: Hotkey,
  executor_class: ExecutorClass.max(100),
  docker_image: z.string().min(1).max(1000),
  job_namespace: z.string().max(255).nullish(),
  args: z.array(z.string().max(100_000)).max(1000).default([]),
  env: z.record(z.string().min(1).max(1000), z.string().max(100_000)).default({}),
  use_gpu: z.boolean().default(false),
  artifacts_dir: z.string().max(1000).nullish(),
  on_trusted_miner: z.boolean().default(false),
  download_time_limit: Seconds,
  execution_time_limit: Seconds,
  upload_time_limit: Seconds,
  streaming_start_time_limit: Seconds.default(0),
  volumes: z.array(SimpleVolume).max(100).nullish(),
  uploads: z.array(SingleFileUpload).max(100).nullish(),
  streaming_details: StreamingDetails.nullish(),
  tag: z.string().max(255).default(''),
});
export type JobCreateBody = z.infer<typeof JobCreateBody>;

export const JobParams = z.object({
  uuid: z.string().regex(UUID_RE, 'not a UUID'),
});

export const JobListQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(256).default(10),
  tag: z.string().max(255).optional(),
  uuid: z.string().regex(UUID_RE, 'not a UUID').optional(),
});

export const CancelBody = z
  .object({ reason: z.string().max(1000).nullish() })
  .nullish()
  .transform((body) => body ?? {});

/** A zod schema as plain JSON Schema for the OpenAPI document (the input side of transforms). */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}
