import { defineErrors } from '@horde/protocol';
import { CloseCode } from '@horde/service';

/**
 * Error codes of the miner (apps/miner). On the sockets a peer sees them as
 * `GenericError{details: "<CODE>: <message>"}`; the messages of refused validators keep the
 * reference's wording ("Unknown validator", "Inactive validator", "not authenticated"), which the
 * reference validator looks for to stop retrying.
 */
export const minerErrors = defineErrors('miner', {
  CONFIG_INVALID: { message: 'Miner configuration is invalid', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },

  VALIDATOR_UNKNOWN: { message: 'Unknown validator', http: 403, wsClose: CloseCode.UNKNOWN_PEER, retryable: false },
  VALIDATOR_INACTIVE: { message: 'Inactive validator', http: 403, wsClose: CloseCode.UNKNOWN_PEER, retryable: false },
  AUTH_VALIDATOR_MISMATCH: { message: 'Validator not authenticated: validator_hotkey differs from the URL', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: false },
  AUTH_MINER_MISMATCH: { message: 'Validator not authenticated: miner_hotkey is not this miner', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: false },
  AUTH_TIMESTAMP_STALE: { message: 'Validator not authenticated: timestamp too old', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: true },
  AUTH_TIMESTAMP_FUTURE: { message: 'Validator not authenticated: timestamp too far in the future', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: true },
  AUTH_SIGNATURE_INVALID: { message: 'Validator not authenticated: signature does not verify', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: false },
  AUTH_REPLAYED: { message: 'Validator not authenticated: this auth message was already used', http: 401, wsClose: CloseCode.AUTH_FAILED, retryable: true },
  AUTH_TIMEOUT: { message: 'Validator not authenticated in time', http: 408, wsClose: CloseCode.AUTH_TIMEOUT, retryable: true },
  AUTH_REPEATED: { message: 'Validator is already authenticated on this connection', http: 409, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  PRE_AUTH_BACKLOG_FULL: { message: 'Too many messages before authentication', http: 429, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },

  RECEIPT_INVALID: { message: 'Receipt refused', http: 400, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_DUPLICATE: { message: 'Job already received', http: 409, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_UNKNOWN: { message: 'Unknown job', http: 404, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_REQUEST_REPEATED: { message: 'Job request already received', http: 409, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  JOB_UUID_MISMATCH: { message: 'Message is for another job', http: 400, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },

  EXECUTOR_TOKEN_UNKNOWN: { message: 'No job waiting for this executor token', http: 403, wsClose: CloseCode.UNKNOWN_PEER, retryable: false },
  EXECUTOR_REPORT_UNEXPECTED: { message: 'Report does not fit the state of the job', http: 409, wsClose: CloseCode.PROTOCOL_ERROR, retryable: false },
  EXECUTOR_ALREADY_CONNECTED: { message: 'An executor is already connected for this token', http: 409, wsClose: CloseCode.UNKNOWN_PEER, retryable: false },

  MINER_NOT_REGISTERED: { message: 'Miner hotkey is not registered on the subnet', http: 503, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },

  INTERNAL: { message: 'Internal miner error', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
});

export type MinerErrorCode = (typeof minerErrors.codes)[number];
