import { defineErrors } from '@horde/protocol';

/**
 * Error codes of the miner's executor managers and executor pool. `EXECUTORS_BUSY` is what the
 * miner turns into a `V0DeclineJobRequest(reason="busy")`; the others end up as horde failures.
 */
export const executorManagerErrors = defineErrors('executorManager', {
  EXECUTORS_BUSY: { message: 'all executors of this class are busy', http: 503, wsClose: 1011, retryable: true },
  EXECUTOR_START_FAILED: { message: 'could not start an executor', http: 502, wsClose: 1011, retryable: true },
  EXECUTOR_KILL_FAILED: { message: 'could not stop an executor', http: 502, wsClose: 1011, retryable: true },
  EXECUTOR_WAIT_FAILED: { message: 'could not learn whether an executor ended', http: 502, wsClose: 1011, retryable: true },
  POOL_CLOSED: { message: 'the executor pool is shutting down', http: 503, wsClose: 1012, retryable: true },
  CONFIG_INVALID: { message: 'executor manager configuration is invalid', http: 500, wsClose: 1011, retryable: false },
  HOSTS_FILE_INVALID: { message: 'docker executor hosts file is invalid', http: 500, wsClose: 1011, retryable: false },
});

export type ExecutorManagerErrorCode = (typeof executorManagerErrors.codes)[number];
