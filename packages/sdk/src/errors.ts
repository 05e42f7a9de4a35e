import { defineErrors } from '@horde/protocol';

/** WebSocket close codes are required by every catalog; the SDK has no socket, so it uses 1011. */
const INTERNAL_ERROR = 1011;

/**
 * Errors of the SDK and the `horde` CLI. `retryable` says whether calling again may help (the
 * client already retried connect errors, 429 and 5xx before giving up with `FACILITATOR_UNAVAILABLE`).
 */
export const sdkErrors = defineErrors('sdk', {
  FACILITATOR_UNAVAILABLE: { message: 'Facilitator could not be reached or kept failing', http: 503, wsClose: INTERNAL_ERROR, retryable: true },
  FACILITATOR_REJECTED: { message: 'Facilitator refused the request', http: 400, wsClose: INTERNAL_ERROR, retryable: false },
  AUTH_FAILED: { message: 'Login to the facilitator failed', http: 401, wsClose: INTERNAL_ERROR, retryable: false },
  NOT_FOUND: { message: 'Not found on the facilitator', http: 404, wsClose: INTERNAL_ERROR, retryable: false },
  RESPONSE_INVALID: { message: 'Facilitator answered with an unexpected body', http: 502, wsClose: INTERNAL_ERROR, retryable: false },
  JOB_SPEC_INVALID: { message: 'Job spec is invalid', http: 400, wsClose: INTERNAL_ERROR, retryable: false },
  JOB_TIMEOUT: { message: 'Job did not finish in time', http: 504, wsClose: INTERNAL_ERROR, retryable: true },
  WATCH_ABORTED: { message: 'Watching the job was aborted', http: 499, wsClose: INTERNAL_ERROR, retryable: false },
  CONFIG_INVALID: { message: 'CLI configuration is invalid', http: 400, wsClose: INTERNAL_ERROR, retryable: false },
});

export type SdkErrorCode = (typeof sdkErrors.codes)[number];
