import { defineErrors } from '@horde/protocol';

/** Error codes of the executor (apps/executor). */
export const executorErrors = defineErrors('executor', {
  CONTAINER_CREATE_FAILED: { message: 'could not create the job container', http: 500, wsClose: 1011, retryable: true },
  CONTAINER_START_FAILED: { message: 'could not start the job container', http: 500, wsClose: 1011, retryable: true },
});
