import { defineErrors } from '@horde/protocol';
import { CloseCode } from '@horde/service';

/**
 * Error codes of the validator's facilitator client. They end one connection attempt; the client
 * logs them and dials again (after a longer pause when the facilitator refused us).
 */
export const facilitatorClientErrors = defineErrors('validator-facilitator-client', {
  CONFIG_INVALID: { message: 'Facilitator client configuration is invalid', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },
  CONNECT_FAILED: { message: 'Could not connect to the facilitator', http: 502, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
  SOCKET_CLOSED: { message: 'The facilitator socket is not open', http: 502, wsClose: CloseCode.NORMAL, retryable: true },
  AUTH_REJECTED: { message: 'The facilitator answered our authentication with an error', http: 502, wsClose: CloseCode.AUTH_FAILED, retryable: true },
  AUTH_REFUSED: { message: 'The facilitator refused this validator (signature invalid or validator not found)', http: 502, wsClose: CloseCode.AUTH_FAILED, retryable: true },
  AUTH_TIMEOUT: { message: 'The facilitator did not answer our authentication in time', http: 504, wsClose: CloseCode.AUTH_TIMEOUT, retryable: true },
  CONNECTION_LOST: { message: 'The facilitator connection closed', http: 502, wsClose: CloseCode.NORMAL, retryable: true },
});

export type FacilitatorClientErrorCode = (typeof facilitatorClientErrors.codes)[number];
