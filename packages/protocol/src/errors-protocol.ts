/**
 * Error codes of the protocol package (catalog `protocol`): why a frame was refused, plus the
 * manifest-commitment size limit. Frame errors keep the connection open (the peer gets a
 * `GenericError`), except `FRAME_TOO_LARGE`; `wsClose` is used only when a caller does close.
 */
import { defineErrors } from './errors';

export const protocolErrors = defineErrors('protocol', {
  PING_FRAME: {
    message: 'keep-alive PING text frame (not a message; ignore it)',
    http: 400,
    wsClose: 1000,
    retryable: false,
  },
  FRAME_TOO_LARGE: { message: 'frame larger than the allowed maximum', http: 413, wsClose: 1009, retryable: false },
  FRAME_NOT_JSON: { message: 'frame is not valid JSON text', http: 400, wsClose: 1007, retryable: false },
  FRAME_NOT_OBJECT: { message: 'frame is not a JSON object', http: 400, wsClose: 1007, retryable: false },
  MESSAGE_TYPE_MISSING: { message: 'frame has no message_type string', http: 400, wsClose: 1007, retryable: false },
  MESSAGE_TYPE_UNKNOWN: { message: 'message_type not carried on this channel', http: 400, wsClose: 1003, retryable: false },
  MESSAGE_INVALID: { message: 'message fields do not match its schema', http: 400, wsClose: 1007, retryable: false },
  MANIFEST_COMMITMENT_TOO_LARGE: {
    message: 'manifest commitment exceeds the on-chain size limit',
    http: 500,
    wsClose: 1011,
    retryable: false,
  },
});

export type ProtocolErrorCode = (typeof protocolErrors.codes)[number];
