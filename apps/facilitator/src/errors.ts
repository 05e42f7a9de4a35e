import { defineErrors } from '@horde/protocol';
import { CloseCode, ReferenceFacilitatorCloseCode } from '@horde/service';

/**
 * Error codes of the facilitator (apps/facilitator). REST answers carry them as
 * `{error: {code, message, retryable}}`; on the validator channel the refusals of authentication
 * close with the reference's codes (3000 bad signature, 3001 unknown validator) after a
 * `Response{status: "error"}` naming the reference's error type.
 */
export const facilitatorErrors = defineErrors('facilitator', {
  CONFIG_INVALID: { message: 'Facilitator configuration is invalid', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },

  AUTH_NONCE_INVALID: { message: 'Nonce is invalid or expired', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: true },
  AUTH_NONCE_USED: { message: 'Nonce was already used', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: true },
  AUTH_SIGNATURE_INVALID: { message: 'Signature does not verify', http: 401, wsClose: ReferenceFacilitatorCloseCode.SIGNATURE_INVALID, retryable: false },
  AUTH_HOTKEY_NOT_WHITELISTED: { message: 'Hotkey is not allowed to submit jobs', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: false },
  AUTH_TOKEN_MISSING: { message: 'Authorization: Bearer token required', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: false },
  AUTH_TOKEN_INVALID: { message: 'Token is invalid', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: false },
  AUTH_TOKEN_EXPIRED: { message: 'Token expired', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: true },

  REQUEST_SIGNATURE_MISSING: { message: 'X-CH-Signature headers are required', http: 400, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  REQUEST_SIGNATURE_INVALID: { message: 'Request signature does not verify', http: 400, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  REQUEST_SIGNATORY_MISMATCH: { message: 'Request was signed by another hotkey than the caller', http: 403, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },

  VALIDATOR_NOT_CONNECTED: { message: 'Could not select Validator', http: 400, wsClose: CloseCode.PROTOCOL_ERROR, retryable: true },
  CANCEL_UNSUPPORTED: { message: 'The validator of this job cannot cancel jobs', http: 409, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_NOT_FOUND: { message: 'Job not found', http: 404, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_FINISHED: { message: 'Job has already finished', http: 409, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_UUID_INVALID: { message: 'Job uuid is not a UUID', http: 400, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },

  VALIDATOR_SIGNATURE_INVALID: { message: 'Validator signature does not verify', http: 401, wsClose: ReferenceFacilitatorCloseCode.SIGNATURE_INVALID, retryable: false },
  VALIDATOR_NOT_FOUND: { message: 'No active validator with this hotkey', http: 403, wsClose: ReferenceFacilitatorCloseCode.VALIDATOR_NOT_FOUND, retryable: false },
  VALIDATOR_AUTH_TIMEOUT: { message: 'Validator did not authenticate in time', http: 408, wsClose: CloseCode.AUTH_TIMEOUT, retryable: true },

  REDIS_UNAVAILABLE: { message: 'Redis cannot be reached', http: 503, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
  RATE_LIMITED: { message: 'Too many requests', http: 429, wsClose: CloseCode.POLICY_VIOLATION, retryable: true },

  INTERNAL: { message: 'Internal facilitator error', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
});

export type FacilitatorErrorCode = (typeof facilitatorErrors.codes)[number];
