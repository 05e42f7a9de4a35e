import { defineErrors } from '@horde/protocol';
import { CloseCode } from '@horde/service';

/** Error codes of the validator (apps/validator): admin API answers, configuration and job plumbing. */
export const validatorErrors = defineErrors('validator', {
  CONFIG_INVALID: { message: 'Validator configuration is invalid', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },
  ADMIN_TOKEN_MISSING: { message: 'The admin API needs VALIDATOR_ADMIN_TOKEN (or VALIDATOR_ADMIN_DISABLED=true)', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },
  UNAUTHORIZED: { message: 'Missing or wrong bearer token', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: false },
  REQUEST_INVALID: { message: 'Request is invalid', http: 400, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_NOT_FOUND: { message: 'No such job', http: 404, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_EXISTS: { message: 'A job with this uuid already exists', http: 409, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_TERMINAL: { message: 'The job has already ended', http: 409, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  MINER_NOT_FOUND: { message: 'No such miner', http: 404, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  WHITELIST_ENTRY_NOT_FOUND: { message: 'Hotkey is not on the whitelist', http: 404, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  QUEUE_PAYLOAD_INVALID: { message: 'Queue job payload is invalid', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },
  ADMIN_API_FAILED: { message: 'Admin API call failed', http: 502, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
});

export type ValidatorErrorCode = (typeof validatorErrors.codes)[number];
