import { defineErrors } from '@horde/protocol';

/**
 * Error codes of the executor (apps/executor). The I/O codes of volumes and uploads live apart, in
 * the `executorIo` catalog. `failures.ts` maps every code to what the miner is told.
 */
export const executorErrors = defineErrors('executor', {
  CONTAINER_CREATE_FAILED: { message: 'could not create the job container', http: 500, wsClose: 1011, retryable: true },
  CONTAINER_START_FAILED: { message: 'could not start the job container', http: 500, wsClose: 1011, retryable: true },
  IMAGE_PULL_FAILED: { message: 'the job image is not present locally and could not be pulled', http: 502, wsClose: 1011, retryable: true },

  MINER_DISCONNECTED: { message: 'the miner closed the connection', http: 502, wsClose: 1011, retryable: true },
  MINER_ERROR: { message: 'the miner sent GenericError', http: 502, wsClose: 1011, retryable: false },
  EXECUTOR_STOPPED: { message: 'the executor was told to stop', http: 503, wsClose: 1012, retryable: true },
  INITIAL_REQUEST_TIMEOUT: { message: 'no initial job request within the startup time limit', http: 504, wsClose: 1011, retryable: true },
  STARTUP_TIMEOUT: { message: 'the startup stage ran over the startup time limit', http: 504, wsClose: 1011, retryable: true },
  DEADLINE_EXCEEDED: { message: 'the job ran over its time limit', http: 504, wsClose: 1011, retryable: false },

  TIMING_MISSING: { message: 'the initial job request has neither executor_timing nor timeout_seconds', http: 400, wsClose: 4000, retryable: false },
  VOLUME_SENT_TWICE: { message: 'a volume came in both the initial and the full job request', http: 400, wsClose: 4000, retryable: false },
  STREAMING_UNSUPPORTED: { message: 'streaming jobs are not supported by this executor yet', http: 501, wsClose: 4000, retryable: false },
  SECURITY_CHECK_FAILED: { message: 'a security check failed', http: 500, wsClose: 1011, retryable: false },

  JOB_TIMED_OUT: { message: 'the job container ran over its execution time', http: 504, wsClose: 1011, retryable: false },
  CLEANUP_FAILED: { message: 'the job temp dir could not be removed', http: 500, wsClose: 1011, retryable: true },
  JOB_NONZERO_EXIT: { message: 'the job container exited with a non-zero status', http: 422, wsClose: 1011, retryable: false },
});

export type ExecutorErrorCode = (typeof executorErrors.codes)[number];
