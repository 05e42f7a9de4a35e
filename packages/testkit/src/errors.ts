import { defineErrors } from '@horde/protocol';

/**
 * Errors raised by test fixtures. They end tests, not requests, so the HTTP status and close code are
 * only there to satisfy the shared catalog shape.
 */
export const testkitErrors = defineErrors('testkit', {
  WAIT_TIMEOUT: { message: 'timed out waiting', http: 504, wsClose: 1011, retryable: true },
  DOCKER_UNAVAILABLE: { message: 'Docker engine is not reachable', http: 503, wsClose: 1011, retryable: true },
  IMAGE_BUILD_FAILED: { message: 'could not build a test image', http: 500, wsClose: 1011, retryable: false },
  CONTAINER_FAILED: { message: 'test container failed', http: 500, wsClose: 1011, retryable: false },
  S3_FAILED: { message: 'test S3 server failed', http: 502, wsClose: 1011, retryable: false },
  DATABASE_FAILED: { message: 'could not prepare a test database', http: 500, wsClose: 1011, retryable: false },
});

export type TestkitErrorCode = (typeof testkitErrors.codes)[number];
