import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Logger } from 'pino';
import { executorIo } from '../io-errors';
import type { ByteBudget } from './budget';
import { attemptSignal, classifyTransferError, isTransientStatus, TransientFailure, withRetries } from './retry';
import { isHttpUrl, redactUrl } from './safe-url';

export interface HttpDownloadOptions {
  /** Charged for every byte written; an announced or streamed excess throws `VOLUME_TOO_LARGE`. */
  budget: ByteBudget;
  retries: number;
  backoffMs: number;
  /** Per attempt, body included. */
  timeoutMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  logger: Logger;
}

/** What is known of the partial file between attempts, for a `Range` resume. */
interface Progress {
  written: number;
  resumable: boolean;
  etag?: string;
}

/**
 * GETs `url` into `filePath` (created or truncated), streaming. Retries network errors, timeouts,
 * 5xx and 429 with exponential back-off; resumes with `Range` when the server advertised
 * `Accept-Ranges: bytes` (guarded by `If-Range` on the ETag), else starts over. Returns the size.
 */
export async function downloadToFile(url: string, filePath: string, options: HttpDownloadOptions): Promise<number> {
  const what = redactUrl(url);
  if (!isHttpUrl(url)) throw executorIo.error('VOLUME_INVALID', `not an http(s) URL: ${what}`, { context: { url: what } });
  const progress: Progress = { written: 0, resumable: false };
  const file = await open(filePath, 'w');
  try {
    return await withRetries({ retries: options.retries, backoffMs: options.backoffMs, signal: options.signal, logger: options.logger, what }, () =>
      attempt(url, file, progress, options),
    );
  } catch (err) {
    options.budget.release(progress.written);
    throw err;
  } finally {
    await file.close();
  }
}

async function attempt(url: string, file: FileHandle, progress: Progress, options: HttpDownloadOptions): Promise<number> {
  const what = redactUrl(url);
  const failed = (cause: unknown, status?: number) =>
    executorIo.error('DOWNLOAD_FAILED', status === undefined ? `GET ${what}` : `GET ${what} answered ${status}`, { cause, context: { url: what, status } });
  const headers: Record<string, string> = { ...options.headers };
  if (progress.written > 0 && progress.resumable) {
    headers.range = `bytes=${progress.written}-`;
    if (progress.etag) headers['if-range'] = progress.etag;
  }
  const signal = attemptSignal(options.signal, options.timeoutMs);
  try {
    const response = await fetch(url, { headers, signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      const error = failed(undefined, response.status);
      throw isTransientStatus(response.status) ? new TransientFailure(error) : error;
    }
    const resumed = response.status === 206 && rangeStart(response.headers.get('content-range')) === progress.written;
    if (!resumed && progress.written > 0) {
      options.budget.release(progress.written);
      progress.written = 0;
      await file.truncate(0);
    }
    progress.resumable = response.headers.get('accept-ranges') === 'bytes' || resumed;
    progress.etag = response.headers.get('etag') ?? undefined;
    const announced = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(announced)) options.budget.ensureRoom(announced);
    if (response.body) {
      for await (const chunk of response.body) {
        options.budget.take(chunk.byteLength);
        await file.write(chunk, 0, chunk.byteLength, progress.written);
        progress.written += chunk.byteLength;
      }
    }
    return progress.written;
  } catch (err) {
    throw classifyTransferError(err, options.signal, (cause) => failed(cause));
  }
}

/** The first byte position of a `Content-Range: bytes <start>-<end>/<size>` header. */
function rangeStart(header: string | null): number | undefined {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}
