import { defineErrors } from '@horde/protocol';
import { CloseCode } from './close-codes';

/**
 * Error codes of the service kit. Socket frame errors are what a typed socket hands to its
 * `onInvalidFrame` option; HTTP codes are what `createHttpServer`'s error handler answers with.
 */
export const serviceErrors = defineErrors('service', {
  ENV_INVALID: { message: 'Environment is invalid', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },
  CONFIG_INVALID: { message: 'Service configuration is invalid', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },

  FRAME_NOT_JSON: { message: 'Frame is not JSON', http: 400, wsClose: CloseCode.INVALID_PAYLOAD, retryable: false },
  FRAME_TOO_LARGE: { message: 'Frame exceeds the size limit', http: 413, wsClose: CloseCode.MESSAGE_TOO_BIG, retryable: false },
  MESSAGE_INVALID: { message: 'Message does not match its schema', http: 400, wsClose: CloseCode.INVALID_PAYLOAD, retryable: false },
  MESSAGE_TYPE_UNKNOWN: { message: 'Unknown message_type', http: 400, wsClose: CloseCode.INVALID_PAYLOAD, retryable: false },
  MESSAGE_OUTBOUND_INVALID: { message: 'Refused to send a message that does not match its schema', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },

  SOCKET_CONNECT_FAILED: { message: 'WebSocket connection failed', http: 502, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
  SOCKET_CONNECT_TIMEOUT: { message: 'WebSocket connection timed out', http: 504, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
  SOCKET_HANDSHAKE_REJECTED: { message: 'WebSocket handshake was rejected', http: 502, wsClose: CloseCode.POLICY_VIOLATION, retryable: false },
  SOCKET_CLOSED: { message: 'WebSocket is closed', http: 503, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },

  DB_CONNECT_FAILED: { message: 'Database connection failed', http: 503, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
  DB_MIGRATION_FAILED: { message: 'Database migration failed', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: false },

  SHUTDOWN_TIMEOUT: { message: 'Shutdown hook timed out', http: 503, wsClose: CloseCode.SERVICE_RESTART, retryable: false },
  SHUTDOWN_HOOK_FAILED: { message: 'Shutdown hook failed', http: 503, wsClose: CloseCode.SERVICE_RESTART, retryable: false },
  HEALTH_CHECK_TIMEOUT: { message: 'Health check timed out', http: 503, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },

  VALIDATION_FAILED: { message: 'Request validation failed', http: 400, wsClose: CloseCode.INVALID_PAYLOAD, retryable: false },
  REQUEST_INVALID: { message: 'Request is malformed', http: 400, wsClose: CloseCode.INVALID_PAYLOAD, retryable: false },
  PAYLOAD_TOO_LARGE: { message: 'Request body is too large', http: 413, wsClose: CloseCode.MESSAGE_TOO_BIG, retryable: false },
  NOT_FOUND: { message: 'Not found', http: 404, wsClose: CloseCode.POLICY_VIOLATION, retryable: false },
  INTERNAL: { message: 'Internal error', http: 500, wsClose: CloseCode.INTERNAL_ERROR, retryable: true },
});

export type ServiceErrorCode = (typeof serviceErrors.codes)[number];
