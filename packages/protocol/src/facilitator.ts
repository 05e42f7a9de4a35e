/**
 * The validator ↔ facilitator channel (`/ws/v0/`, the validator dials out)
 * (reference: `compute_horde/fv_protocol/`). Frames from the facilitator also carry a `type`
 * (`job.new`, `job.cheated`) naming its internal handler; it has a default and is always written.
 *
 * Careful when writing to a reference peer: its models on this channel forbid unknown fields,
 * so frames we send must hold exactly the fields below.
 */
import { z } from 'zod';
import { V0JobStatusUpdate } from './facilitator-status';
import { ExecutorClass } from './executor-classes';
import { JsonValue } from './json-value';
import { OutputUpload } from './output-uploads';
import { Seconds, withDefault } from './schema-helpers';
import { StreamingDetails } from './streaming';
import { Volume } from './volumes';

export const SignatureScope = z.enum(['SignedFields', 'FullRequest']);
export type SignatureScope = z.infer<typeof SignatureScope>;

/**
 * An end user's request signature (reference: `compute_horde_core/signature.py`). `signature` is
 * base64. `timestamp_ns` (nanoseconds, beyond 2^53) is a `bigint` so it hashes exactly.
 */
export const Signature = z.object({
  signature_type: withDefault(z.string(), () => ''),
  signatory: withDefault(z.string(), () => ''),
  timestamp_ns: withDefault(z.union([z.bigint(), z.number().int()]).transform((value) => BigInt(value)), () => 0n),
  signature: z.string(),
  signature_scope: withDefault(SignatureScope, () => 'SignedFields' as const),
});
export type Signature = z.infer<typeof Signature>;

/**
 * A job from an end user for this validator. The fields from `executor_class` to
 * `streaming_details` are what the user signed (`SignedFields`).
 */
export const V2JobRequest = z.object({
  type: z.literal('job.new').default('job.new'),
  message_type: z.literal('V2JobRequest'),
  uuid: z.string(),
  job_namespace: z.string().nullish(),
  executor_class: ExecutorClass,
  docker_image: z.string(),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  /** Deprecated: the class decides. */
  use_gpu: z.boolean(),
  volume: Volume.nullish(),
  output_upload: OutputUpload.nullish(),
  artifacts_dir: z.string().nullish(),
  on_trusted_miner: withDefault(z.boolean(), () => false),
  download_time_limit: Seconds,
  execution_time_limit: Seconds,
  upload_time_limit: Seconds,
  streaming_start_time_limit: Seconds,
  streaming_details: StreamingDetails.nullish(),
  signature: Signature.nullish(),
});
export type V2JobRequest = z.infer<typeof V2JobRequest>;

/** An end user reports that `job_uuid` disagreed with its re-run `trusted_job_uuid` on the trusted miner. */
export const V0JobCheated = z.object({
  type: z.literal('job.cheated').default('job.cheated'),
  message_type: z.literal('V0JobCheated'),
  job_uuid: z.string(),
  trusted_job_uuid: z.string(),
  details: JsonValue.nullish(),
  signature: Signature.nullish(),
});
export type V0JobCheated = z.infer<typeof V0JobCheated>;

/** One entry of `Response.errors`, e.g. `{type: "auth.signature_invalid"}` (reference name `Error`). */
export const ResponseError = z.object({
  msg: z.string(),
  type: z.string(),
  help: withDefault(z.string(), () => ''),
});
export type ResponseError = z.infer<typeof ResponseError>;

/**
 * The facilitator's answer to authentication and to status updates. It has no `message_type` (the
 * reference tries it first on every frame), so it is the member of `FacilitatorToValidatorMessage`
 * that a frame without `message_type` resolves to.
 */
export const Response = z.object({
  message_type: z.undefined().optional(),
  status: z.enum(['error', 'success']),
  errors: withDefault(z.array(ResponseError), () => []),
});
export type Response = z.infer<typeof Response>;

/**
 * The validator's first frame: `public_key` is the hex of its public key bytes, `signature` is
 * `0x`-hex sr25519 over those bytes.
 */
export const V0AuthenticationRequest = z.object({
  message_type: z.literal('V0AuthenticationRequest'),
  public_key: z.string(),
  signature: z.string(),
});
export type V0AuthenticationRequest = z.infer<typeof V0AuthenticationRequest>;

/** Sent every 60 s; the facilitator only dispatches to validators heard from in the last 3 min. */
export const V0Heartbeat = z.object({
  message_type: z.literal('V0Heartbeat'),
});
export type V0Heartbeat = z.infer<typeof V0Heartbeat>;

/** A miner's hardware specs (dormant in the reference since synthetic jobs were removed). */
export const V0MachineSpecsUpdate = z.object({
  message_type: z.literal('V0MachineSpecsUpdate'),
  miner_hotkey: z.string(),
  validator_hotkey: z.string(),
  specs: z.record(z.string(), JsonValue),
  batch_id: z.string(),
});
export type V0MachineSpecsUpdate = z.infer<typeof V0MachineSpecsUpdate>;

/**
 * Beyond the reference: cancel a job at any stage. Sent only to a validator that announced the
 * `cancel` feature in the `X-Horde-Features` header of its WebSocket upgrade request (see
 * HORDE_FEATURES_HEADER), so a reference validator never receives it.
 */
export const HordeJobCancelRequest = z.object({
  message_type: z.literal('HordeJobCancelRequest'),
  job_uuid: z.string(),
  reason: z.string().nullish(),
});
export type HordeJobCancelRequest = z.infer<typeof HordeJobCancelRequest>;

/** Upgrade-request header in which a Horde peer lists the extensions it speaks (comma-separated). */
export const HORDE_FEATURES_HEADER = 'x-horde-features';
export const HordeFeature = z.enum(['cancel', 'executor-classes']);
export type HordeFeature = z.infer<typeof HordeFeature>;

export const FacilitatorToValidatorMessage = z.discriminatedUnion('message_type', [V2JobRequest, V0JobCheated, HordeJobCancelRequest, Response]);
export type FacilitatorToValidatorMessage = z.infer<typeof FacilitatorToValidatorMessage>;

export const ValidatorToFacilitatorMessage = z.discriminatedUnion('message_type', [
  V0AuthenticationRequest,
  V0JobStatusUpdate,
  V0Heartbeat,
  V0MachineSpecsUpdate,
]);
export type ValidatorToFacilitatorMessage = z.infer<typeof ValidatorToFacilitatorMessage>;
