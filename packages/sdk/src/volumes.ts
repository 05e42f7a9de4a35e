/**
 * Input volumes and output uploads of a job spec, as the reference SDK's `InlineInputVolume`,
 * `HTTPInputVolume`, `HuggingfaceInputVolume` and `HTTPOutputVolume`. Each is placed by the key of
 * `input_volumes` (`/volume/<path>`) or `output_volumes` (`/output/<path>`) in the spec; the part
 * after the prefix becomes the wire `relative_path`.
 */
import type { SimpleVolume, SingleFileUpload } from '@horde/protocol';
import { sdkErrors } from './errors';
import { zipFiles } from './zip';
import type { FileContents } from './zip';

export const VOLUME_MOUNT_PREFIX = '/volume/';
export const OUTPUT_MOUNT_PREFIX = '/output/';

export interface InlineInputVolume {
  readonly kind: 'inline';
  /** A base64 zip, unpacked under the mount path. */
  readonly contents: string;
}

export interface HttpInputVolume {
  readonly kind: 'http';
  /** Downloaded to the mount path (a file). */
  readonly url: string;
}

export interface HuggingfaceInputVolume {
  readonly kind: 'huggingface';
  readonly repoId: string;
  /** `dataset` or `space`; a model when unset. */
  readonly repoType?: string | undefined;
  readonly revision?: string | undefined;
  readonly allowPatterns?: string | readonly string[] | undefined;
}

export type InputVolume = InlineInputVolume | HttpInputVolume | HuggingfaceInputVolume;

export interface HttpOutputVolume {
  readonly kind: 'http-output';
  readonly method: 'POST' | 'PUT';
  readonly url: string;
  /** POST only (e.g. an S3 presigned POST's fields). */
  readonly formFields?: Readonly<Record<string, string>> | undefined;
  readonly signedHeaders?: Readonly<Record<string, string>> | undefined;
}

export type OutputVolume = HttpOutputVolume;

export const inlineVolume = {
  /** A volume holding `files` (relative path → contents), zipped and base64-encoded. */
  fromFiles(files: Readonly<Record<string, FileContents>>): InlineInputVolume {
    return { kind: 'inline', contents: zipFiles(files).toString('base64') };
  },
  /** A volume from a zip archive you already have. */
  fromZip(zip: Uint8Array): InlineInputVolume {
    return { kind: 'inline', contents: Buffer.from(zip).toString('base64') };
  },
};

/** A file the executor downloads over HTTP(S). */
export function httpVolume(url: string): HttpInputVolume {
  return { kind: 'http', url };
}

/** A Hugging Face snapshot (the executor may use its own token). */
export function huggingfaceVolume(options: Omit<HuggingfaceInputVolume, 'kind'>): HuggingfaceInputVolume {
  return { kind: 'huggingface', ...options };
}

/** A file of `/output` the executor uploads with a (presigned) POST or PUT. */
export function httpOutput(options: Omit<HttpOutputVolume, 'kind'>): HttpOutputVolume {
  if (options.method === 'PUT' && options.formFields && Object.keys(options.formFields).length > 0) {
    throw sdkErrors.error('JOB_SPEC_INVALID', 'form fields are only sent with POST uploads');
  }
  return { kind: 'http-output', ...options };
}

/** The wire volume for `volume` mounted at `mountPath` (which must start with `/volume/`). */
export function toWireVolume(mountPath: string, volume: InputVolume): SimpleVolume {
  const relative_path = relativeTo(mountPath, VOLUME_MOUNT_PREFIX, 'input');
  switch (volume.kind) {
    case 'inline':
      return { volume_type: 'inline', contents: volume.contents, relative_path };
    case 'http':
      return { volume_type: 'single_file', url: volume.url, relative_path };
    case 'huggingface':
      return {
        volume_type: 'huggingface_volume',
        repo_id: volume.repoId,
        repo_type: volume.repoType ?? null,
        revision: volume.revision ?? null,
        relative_path,
        allow_patterns: typeof volume.allowPatterns === 'string' || volume.allowPatterns === undefined ? (volume.allowPatterns ?? null) : [...volume.allowPatterns],
        token: null,
      };
    default:
      throw sdkErrors.error('JOB_SPEC_INVALID', `unknown input volume kind ${JSON.stringify((volume as { kind: unknown }).kind)}`);
  }
}

/** The wire upload for `output` of the file at `mountPath` (which must start with `/output/`). */
export function toWireUpload(mountPath: string, output: OutputVolume): SingleFileUpload {
  const relative_path = relativeTo(mountPath, OUTPUT_MOUNT_PREFIX, 'output');
  const signed_headers = output.signedHeaders ? { ...output.signedHeaders } : null;
  if (output.method === 'POST') {
    return { output_upload_type: 'single_file_post', url: output.url, form_fields: output.formFields ? { ...output.formFields } : null, relative_path, signed_headers };
  }
  return { output_upload_type: 'single_file_put', url: output.url, relative_path, signed_headers };
}

function relativeTo(mountPath: string, prefix: string, what: string): string {
  if (!mountPath.startsWith(prefix)) throw sdkErrors.error('JOB_SPEC_INVALID', `${what} volume paths must start with ${prefix}: ${mountPath}`);
  return mountPath.slice(prefix.length);
}
