/**
 * Request shapes of the admin API, checked with zod at the edge (a failure is a typed 400
 * VALIDATION_FAILED listing the issues; unknown fields are refused). The same schemas feed the
 * OpenAPI document.
 */
import { z } from 'zod';
import { DEFAULT_EXECUTOR_CLASS, ExecutorClass, OutputUpload, Volume } from '@horde/protocol';
import { ORGANIC_JOB_STATUSES } from '../db/schema';

const Hotkey = z.string().min(1).max(64);
const Seconds = z.number().int().min(0).max(3600);
const EnvKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(256);

export const JobCreateBody = z.strictObject({
  uuid: z.uuid().optional(),
  image: z.string().min(1).max(512),
  args: z.array(z.string().max(16_384)).max(256).default([]),
  env: z
    .record(EnvKey, z.string().max(65_536))
    .refine((env) => Object.keys(env).length <= 256, 'at most 256 variables')
    .default({}),
  executor_class: ExecutorClass.max(128).default(DEFAULT_EXECUTOR_CLASS),
  download_time_limit: Seconds.default(60),
  execution_time_limit: Seconds.min(1).default(300),
  upload_time_limit: Seconds.default(60),
  streaming_start_time_limit: Seconds.default(0),
  volume: Volume.nullish(),
  output_upload: OutputUpload.nullish(),
  artifacts_dir: z.string().startsWith('/').max(1024).nullish(),
  miner_hotkey: Hotkey.nullish(),
  namespace: z.string().max(256).nullish(),
  /** Who submits through the API: the operator's tools (`admin`) or the CLI (`cli`). */
  source: z.enum(['admin', 'cli']).default('admin'),
});
export type JobCreateBody = z.infer<typeof JobCreateBody>;

export const JobParams = z.strictObject({ uuid: z.uuid() });

export const JobListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The uuid of the last job of the previous page (`next_before` of its answer). */
  before: z.uuid().optional(),
  status: z.enum(ORGANIC_JOB_STATUSES).optional(),
});

export const CancelBody = z
  .strictObject({ reason: z.string().max(1000).optional() })
  .nullish()
  .transform((body) => body ?? {});

export const MinerBody = z.strictObject({
  hotkey: Hotkey,
  address: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65_535),
  ip_version: z.union([z.literal(4), z.literal(6)]).default(4),
});

export const HotkeyParams = z.strictObject({ hotkey: Hotkey });

export const WhitelistBody = z.strictObject({ hotkey: Hotkey, note: z.string().max(1000).default('') });

/** A zod schema as plain JSON Schema for the OpenAPI document (the input side of transforms). */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}
