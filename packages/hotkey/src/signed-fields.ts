/**
 * The `SignedFields` payload of a job request (reference: `compute_horde_core/signature.py`): the
 * JSON text pydantic's `model_dump_json()` gives, byte for byte. The end user signs it (SDK), the
 * facilitator checks it against the POST body, and the validator re-derives it from `V2JobRequest`.
 */
import type { OutputUpload, SimpleVolume, StreamingDetails, V2JobRequest, Volume } from '@horde/protocol';
import { hotkeyErrors } from './errors';
import type { PythonJsonValue } from './python-json';

type JsonObject = { readonly [key: string]: PythonJsonValue };

/** The fields of `SignedFields`, in the reference's declaration order (which the JSON keeps). */
export interface SignedFieldsInput {
  readonly executor_class: string;
  readonly docker_image: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly use_gpu: boolean;
  readonly artifacts_dir: string;
  readonly on_trusted_miner: boolean;
  readonly download_time_limit: number;
  readonly execution_time_limit: number;
  readonly upload_time_limit: number;
  readonly streaming_start_time_limit: number;
  readonly streaming_details?: StreamingDetails | null | undefined;
  /** Volume dicts, written as they are (the reference types them `list[JsonValue]`). */
  readonly volumes: readonly PythonJsonValue[];
  /** Upload dicts, written as they are. */
  readonly uploads: readonly PythonJsonValue[];
}

/**
 * `SignedFields(...).model_dump_json()`: compact JSON, fields in declaration order, non-ASCII as
 * raw UTF-8 (pydantic does not escape it), `streaming_details` as `{public_key, executor_ip}` or
 * `null`. Integer-like object keys (e.g. env `"1"`) come first in a JavaScript object, so such keys
 * cannot keep the order a Python dict would.
 */
export function signedFieldsJson(fields: SignedFieldsInput): string {
  const streaming = fields.streaming_details;
  return JSON.stringify({
    executor_class: fields.executor_class,
    docker_image: fields.docker_image,
    args: fields.args,
    env: fields.env,
    use_gpu: fields.use_gpu,
    artifacts_dir: fields.artifacts_dir,
    on_trusted_miner: fields.on_trusted_miner,
    download_time_limit: fields.download_time_limit,
    execution_time_limit: fields.execution_time_limit,
    upload_time_limit: fields.upload_time_limit,
    streaming_start_time_limit: fields.streaming_start_time_limit,
    streaming_details: streaming ? { public_key: streaming.public_key, executor_ip: streaming.executor_ip ?? null } : null,
    volumes: fields.volumes,
    uploads: fields.uploads,
  });
}

/**
 * A volume as pydantic's `model_dump()` gives it: every field of its model, in declaration order,
 * with `null` for the unset optional ones. Use it for the `volumes` of a job-docker body.
 */
export function volumeModelDump(volume: SimpleVolume): JsonObject {
  switch (volume.volume_type) {
    case 'inline':
    case 'zip_url':
      return { volume_type: volume.volume_type, contents: volume.contents, relative_path: volume.relative_path ?? null };
    case 'single_file':
      return { volume_type: volume.volume_type, url: volume.url, relative_path: volume.relative_path };
    case 'huggingface_volume':
      return {
        volume_type: volume.volume_type,
        repo_id: volume.repo_id,
        repo_type: volume.repo_type ?? null,
        revision: volume.revision ?? null,
        relative_path: volume.relative_path ?? null,
        allow_patterns: volume.allow_patterns ?? null,
        token: volume.token ?? null,
      };
    default:
      return assertNever(volume);
  }
}

/** An output upload as pydantic's `model_dump()` gives it (see `volumeModelDump`). */
export function uploadModelDump(upload: OutputUpload): JsonObject {
  switch (upload.output_upload_type) {
    case 'single_file_post':
      return {
        output_upload_type: upload.output_upload_type,
        url: upload.url,
        form_fields: upload.form_fields ?? null,
        relative_path: upload.relative_path,
        signed_headers: upload.signed_headers ?? null,
      };
    case 'single_file_put':
      return {
        output_upload_type: upload.output_upload_type,
        url: upload.url,
        relative_path: upload.relative_path,
        signed_headers: upload.signed_headers ?? null,
      };
    case 'zip_and_http_post':
      return { output_upload_type: upload.output_upload_type, url: upload.url, form_fields: upload.form_fields ?? null };
    case 'zip_and_http_put':
      return { output_upload_type: upload.output_upload_type, url: upload.url };
    case 'multi_upload':
      return {
        output_upload_type: upload.output_upload_type,
        uploads: upload.uploads.map(uploadModelDump),
        system_output: upload.system_output ? uploadModelDump(upload.system_output) : null,
      };
    default:
      return assertNever(upload);
  }
}

/**
 * The payload the validator re-derives from a `V2JobRequest` (`get_signed_payload`): the volumes
 * are the inner list of a `multi_volume` (else the one volume), the uploads the inner list of a
 * `multi_upload` (else the one upload); a missing `artifacts_dir` is `""`.
 */
export function v2JobSignedPayload(request: V2JobRequest): string {
  return signedFieldsJson({
    executor_class: request.executor_class,
    docker_image: request.docker_image,
    args: request.args,
    env: request.env,
    use_gpu: request.use_gpu,
    artifacts_dir: request.artifacts_dir ?? '',
    on_trusted_miner: request.on_trusted_miner,
    download_time_limit: request.download_time_limit,
    execution_time_limit: request.execution_time_limit,
    upload_time_limit: request.upload_time_limit,
    streaming_start_time_limit: request.streaming_start_time_limit,
    streaming_details: request.streaming_details,
    volumes: innerVolumes(request.volume).map(volumeModelDump),
    uploads: innerUploads(request.output_upload).map(uploadModelDump),
  });
}

function innerVolumes(volume: Volume | null | undefined): SimpleVolume[] {
  if (!volume) return [];
  return volume.volume_type === 'multi_volume' ? volume.volumes : [volume];
}

function innerUploads(upload: OutputUpload | null | undefined): OutputUpload[] {
  if (!upload) return [];
  return upload.output_upload_type === 'multi_upload' ? upload.uploads : [upload];
}

/** The signed fields of a job-docker POST body, as far as `jobDockerSignedPayload` reads them. */
export interface JobDockerSignedBody {
  readonly executor_class?: string | null;
  readonly docker_image?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly use_gpu?: boolean;
  readonly artifacts_dir?: string | null;
  readonly on_trusted_miner?: boolean;
  readonly download_time_limit?: number;
  readonly execution_time_limit?: number;
  readonly upload_time_limit?: number;
  readonly streaming_start_time_limit?: number;
  readonly streaming_details?: StreamingDetails | null;
  readonly volumes?: readonly PythonJsonValue[] | null;
  readonly uploads?: readonly PythonJsonValue[] | null;
}

/**
 * The payload signed for `POST /api/v1/job-docker/` (`SignedFields.from_facilitator_sdk_json`),
 * from the body as the client sent it: pass the parsed JSON body, not a schema's output, since the
 * volume and upload dicts are signed exactly as they appear. Missing fields take the reference's
 * defaults (`[]`, `{}`, `false`, `0`, `""`).
 */
export function jobDockerSignedPayload(body: JobDockerSignedBody): string {
  return signedFieldsJson({
    executor_class: body.executor_class ?? 'None',
    docker_image: body.docker_image ?? '',
    args: body.args ?? [],
    env: body.env ?? {},
    use_gpu: body.use_gpu ?? false,
    artifacts_dir: body.artifacts_dir || '',
    on_trusted_miner: body.on_trusted_miner ?? false,
    download_time_limit: body.download_time_limit ?? 0,
    execution_time_limit: body.execution_time_limit ?? 0,
    upload_time_limit: body.upload_time_limit ?? 0,
    streaming_start_time_limit: body.streaming_start_time_limit ?? 0,
    streaming_details: body.streaming_details,
    volumes: body.volumes ?? [],
    uploads: body.uploads ?? [],
  });
}

function assertNever(value: never): never {
  throw hotkeyErrors.error('BLOB_FIELD_INVALID', `unknown variant ${JSON.stringify(value)}`);
}
