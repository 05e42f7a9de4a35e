import { defineErrors } from '@horde/protocol';

/**
 * Errors of the executor's data plane: volumes in, outputs out. The job driver reports any
 * volume error as `JobFailed(download_failed)` and any upload error as `JobFailed(upload_failed)`.
 * Contexts carry URLs reduced to scheme, host and path: presigned query strings are credentials.
 */
export const executorIo = defineErrors('executor-io', {
  DOWNLOAD_FAILED: { message: 'volume download failed', http: 502, wsClose: 1011, retryable: true },
  VOLUME_TOO_LARGE: { message: 'volume exceeds the size limit', http: 413, wsClose: 1009, retryable: false },
  VOLUME_INVALID: { message: 'volume is invalid', http: 422, wsClose: 1007, retryable: false },
  UPLOAD_FAILED: { message: 'output upload failed', http: 502, wsClose: 1011, retryable: true },
  OUTPUT_TOO_LARGE: { message: 'output exceeds the upload limits', http: 413, wsClose: 1009, retryable: false },
  OUTPUT_INVALID: { message: 'output file is missing or unsafe', http: 422, wsClose: 1007, retryable: false },
  IO_ABORTED: { message: 'transfer aborted', http: 499, wsClose: 1001, retryable: false },
});

export type ExecutorIoCode = (typeof executorIo.codes)[number];
