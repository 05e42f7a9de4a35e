import type { Logger } from 'pino';
import { definedOnly } from '../volumes/options';

export interface UploadOutputOptions {
  /** Per HTTP attempt. Default 300 s. */
  timeoutMs?: number;
  /** Retries per request after the first attempt. Default 3. */
  retries?: number;
  /** First back-off, doubled each retry (with jitter). Default 1000 ms. */
  backoffMs?: number;
  /** Limit on a zip's size (zip_and_http_*, system_output). Default 2 GiB. */
  maxZipBytes?: number;
  /** Limit on the number of files in a zip. Default 1000. */
  maxZipFiles?: number;
  /** Cap on the response body kept in `upload_results`. Default 10 MiB. */
  maxResponseBytes?: number;
  /** multi_upload files sent at once. Default 3. */
  concurrency?: number;
  /** Where zips are built before upload. Default: the OS temp dir. */
  tempDir?: string;
  /** Aborting it stops every transfer with `IO_ABORTED`. */
  signal?: AbortSignal;
  logger: Logger;
}

export type ResolvedUploadOptions = Required<Omit<UploadOutputOptions, 'signal'>> & Pick<UploadOutputOptions, 'signal'>;

export const OUTPUT_ZIP_MAX_BYTES = 2 * 1024 ** 3;
export const OUTPUT_ZIP_MAX_FILES = 1000;

export function resolveUploadOptions(options: UploadOutputOptions, defaultTempDir: string): ResolvedUploadOptions {
  return {
    timeoutMs: 300_000,
    retries: 3,
    backoffMs: 1000,
    maxZipBytes: OUTPUT_ZIP_MAX_BYTES,
    maxZipFiles: OUTPUT_ZIP_MAX_FILES,
    maxResponseBytes: 10 * 1024 * 1024,
    concurrency: 3,
    tempDir: defaultTempDir,
    ...definedOnly(options),
    logger: options.logger,
  };
}
