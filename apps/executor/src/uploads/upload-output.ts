import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import { assertNever } from '@horde/protocol';
import type { HttpOutputVolumeResponse, MultiUpload, OutputUpload, SingleFileUpload, ZipAndHttpPostUpload, ZipAndHttpPutUpload } from '@horde/protocol';
import { mapLimit } from '../volumes/concurrency';
import { sendUpload } from './http-upload';
import type { ResolvedUploadOptions, UploadOutputOptions } from './options';
import { resolveUploadOptions } from './options';
import { listOutputFiles, resolveOutputFile } from './output-files';
import { buildZip } from './zip-output';

/** `upload_results` keys the reference uses for zips of the output directory. */
export const OUTPUT_ZIP_KEY = 'output.zip';
export const SYSTEM_OUTPUT_KEY = 'system_output';

/**
 * Uploads the job's outputs from `outputDir` as `upload` says and returns the reference's
 * `upload_results`: per upload a JSON string of `{headers, body}`, keyed by the file's
 * `relative_path`, `output.zip` (a zip of the whole dir) or `system_output` (the zip of what a
 * multi_upload did not send file by file). Throws `executorIo` errors: `UPLOAD_FAILED`,
 * `OUTPUT_TOO_LARGE`, `OUTPUT_INVALID`, `IO_ABORTED`.
 */
export async function uploadOutput(upload: OutputUpload, outputDir: string, options: UploadOutputOptions): Promise<Record<string, string>> {
  const started = Date.now();
  const resolved = resolveUploadOptions(options, tmpdir());
  const log = resolved.logger.child({ component: 'output-upload', uploadType: upload.output_upload_type });
  try {
    const results = await uploadAny(upload, outputDir, resolved);
    log.info({ outcome: 'ok', uploads: results.size, duration_ms: Date.now() - started }, 'outputs uploaded');
    return Object.fromEntries([...results].map(([key, response]) => [key, JSON.stringify({ headers: response.headers, body: response.body })]));
  } catch (err) {
    log.warn({ outcome: 'failed', duration_ms: Date.now() - started, err }, 'output upload failed');
    throw err;
  }
}

type Results = Map<string, HttpOutputVolumeResponse>;
/** A file sent on its own, and its normalised path (excluded from `system_output`). */
type Sent = { relativePath: string; response: HttpOutputVolumeResponse };

async function uploadAny(upload: OutputUpload, outputDir: string, options: ResolvedUploadOptions): Promise<Results> {
  switch (upload.output_upload_type) {
    case 'single_file_post':
    case 'single_file_put':
      return new Map([[upload.relative_path, (await uploadSingle(upload, outputDir, options)).response]]);
    case 'zip_and_http_post':
    case 'zip_and_http_put':
      return new Map([[OUTPUT_ZIP_KEY, await uploadZip(upload, outputDir, new Set(), options)]]);
    case 'multi_upload':
      return uploadMulti(upload, outputDir, options);
    default:
      return assertNever(upload, 'output_upload_type');
  }
}

async function uploadSingle(upload: SingleFileUpload, outputDir: string, options: ResolvedUploadOptions, signal = options.signal): Promise<Sent> {
  const file = await resolveOutputFile(outputDir, upload.relative_path);
  const source = { path: file.path, filename: basename(file.path) };
  const request =
    upload.output_upload_type === 'single_file_post'
      ? { method: 'POST' as const, url: upload.url, headers: upload.signed_headers, formFields: upload.form_fields, file: source }
      : { method: 'PUT' as const, url: upload.url, headers: upload.signed_headers, file: source };
  return { relativePath: file.relativePath, response: await sendUpload(request, { ...options, signal }) };
}

async function uploadZip(upload: ZipAndHttpPostUpload | ZipAndHttpPutUpload, outputDir: string, exclude: ReadonlySet<string>, options: ResolvedUploadOptions): Promise<HttpOutputVolumeResponse> {
  const files = await listOutputFiles(outputDir, options.maxZipFiles, exclude);
  const zip = await buildZip(outputDir, files, { maxBytes: options.maxZipBytes, tempDir: options.tempDir, signal: options.signal });
  options.logger.debug({ files: files.length, bytes: zip.size }, 'output zipped');
  try {
    const file = { path: zip.path, filename: OUTPUT_ZIP_KEY, type: 'application/zip' };
    const request =
      upload.output_upload_type === 'zip_and_http_post'
        ? { method: 'POST' as const, url: upload.url, formFields: upload.form_fields, file }
        : { method: 'PUT' as const, url: upload.url, file: { ...file, type: '' } };
    return await sendUpload(request, options);
  } finally {
    await zip.dispose();
  }
}

/** Each file on its own (`concurrency` at once), then `system_output`: a zip of everything else. */
async function uploadMulti(upload: MultiUpload, outputDir: string, options: ResolvedUploadOptions): Promise<Results> {
  const sent = await mapLimit(upload.uploads, options.concurrency, (single, signal) => uploadSingle(single, outputDir, options, signal), options.signal);
  const results: Results = new Map(upload.uploads.map((single, i) => [single.relative_path, (sent[i] as Sent).response]));
  if (upload.system_output) {
    const exclude = new Set(sent.map((s) => s.relativePath));
    results.set(SYSTEM_OUTPUT_KEY, await uploadZip(upload.system_output, outputDir, exclude, options));
  }
  return results;
}
