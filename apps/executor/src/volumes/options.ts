import type { Logger } from 'pino';

export interface DownloadVolumeOptions {
  /** Limit on the whole volume (the sum of a multi_volume; uncompressed for zips). Default 2 GiB. */
  maxBytes?: number;
  /** Retries per HTTP request after the first attempt. Default 3. */
  retries?: number;
  /** Base of the exponential back-off between attempts (with jitter). Default 1000 ms. */
  backoffMs?: number;
  /** Per HTTP attempt, body included. Default: none (the job deadline aborts `signal`). */
  timeoutMs?: number;
  /** Aborting it stops every transfer with `IO_ABORTED`. */
  signal?: AbortSignal;
  /** The executor's Hugging Face token, used when a volume brings none. */
  hfToken?: string;
  /** Default `https://huggingface.co`; tests point it at a local imitation of the hub. */
  hfEndpoint?: string;
  /** Hugging Face files downloaded at once. Default 3. */
  concurrency?: number;
  /** Where a downloaded zip waits to be unpacked. Default: the OS temp dir. */
  tempDir?: string;
  logger: Logger;
}

export type ResolvedDownloadOptions = Required<Omit<DownloadVolumeOptions, 'timeoutMs' | 'signal' | 'hfToken'>> &
  Pick<DownloadVolumeOptions, 'timeoutMs' | 'signal' | 'hfToken'>;

export const VOLUME_MAX_BYTES = 2 * 1024 ** 3;

export function resolveDownloadOptions(options: DownloadVolumeOptions, defaultTempDir: string): ResolvedDownloadOptions {
  return {
    maxBytes: VOLUME_MAX_BYTES,
    retries: 3,
    backoffMs: 1000,
    hfEndpoint: 'https://huggingface.co',
    concurrency: 3,
    tempDir: defaultTempDir,
    ...definedOnly(options),
    logger: options.logger,
  };
}

/** Drops keys set to `undefined`, so that they do not override defaults when spread. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
