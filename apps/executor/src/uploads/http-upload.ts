import { openAsBlob } from 'node:fs';
import type { HttpOutputVolumeResponse } from '@horde/protocol';
import { executorIo } from '../io-errors';
import { attemptSignal, classifyTransferError, isTransientStatus, TransientFailure, withRetries } from '../volumes/retry';
import { isHttpUrl, redactUrl } from '../volumes/safe-url';
import type { ResolvedUploadOptions } from './options';

/** One file to send: read from disk for each attempt, never held in memory. */
export interface UploadFile {
  path: string;
  /** Multipart filename (POST only). */
  filename: string;
  /** Content type of the multipart part; empty: none (`application/octet-stream`). */
  type?: string;
}

export type UploadRequest =
  | { method: 'PUT'; url: string; headers?: Record<string, string> | null; file: UploadFile }
  | { method: 'POST'; url: string; headers?: Record<string, string> | null; formFields?: Record<string, string> | null; file: UploadFile };

/**
 * Sends one upload (PUT with Content-Length, or multipart POST with the form fields first and the
 * file in field `file`, as S3 presigned POST wants), retrying network errors, timeouts, 5xx and
 * 429. Returns the answer as the reference records it: headers and body (capped).
 */
export async function sendUpload(request: UploadRequest, options: ResolvedUploadOptions): Promise<HttpOutputVolumeResponse> {
  const what = redactUrl(request.url);
  const failed = (cause: unknown, status?: number, body?: string) =>
    executorIo.error('UPLOAD_FAILED', status === undefined ? `${request.method} ${what}` : `${request.method} ${what} answered ${status}`, {
      cause,
      context: { url: what, status, ...(body ? { responseExcerpt: body.slice(0, 500) } : {}) },
    });
  if (!isHttpUrl(request.url)) throw executorIo.error('UPLOAD_FAILED', `not an http(s) URL: ${what}`, { context: { url: what } });
  return withRetries({ ...options, what }, async () => {
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers ?? {},
        body: await requestBody(request),
        signal: attemptSignal(options.signal, options.timeoutMs),
      });
      const captured = await captureResponse(response, options.maxResponseBytes);
      if (!response.ok) {
        const error = failed(undefined, response.status, captured.body);
        throw isTransientStatus(response.status) ? new TransientFailure(error) : error;
      }
      return captured;
    } catch (err) {
      throw classifyTransferError(err, options.signal, (cause) => failed(cause));
    }
  });
}

/** A file-backed Blob: fetch streams it from disk and sends its size as Content-Length. */
async function requestBody(request: UploadRequest): Promise<Blob | FormData> {
  const blob = await openAsBlob(request.file.path, { type: request.file.type ?? '' });
  if (request.method === 'PUT') return blob;
  const form = new FormData();
  for (const [name, value] of Object.entries(request.formFields ?? {})) form.append(name, value);
  form.append('file', blob, request.file.filename);
  return form;
}

async function captureResponse(response: Response, maxBytes: number): Promise<HttpOutputVolumeResponse> {
  const headers = Object.fromEntries(response.headers.entries());
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - size;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      size += Math.min(room, value.byteLength);
      if (size >= maxBytes) {
        await reader.cancel();
        break;
      }
    }
  }
  return { headers, body: Buffer.concat(chunks).toString('utf8') };
}
