import { defineErrors } from '@horde/protocol';

/** WebSocket close codes used below (RFC 6455): bad data from the peer, or a fault on our side. */
const INVALID_PAYLOAD = 1007;
const INTERNAL_ERROR = 1011;

/**
 * Errors of the hotkey package: wallet files, keys, signing input and canonical JSON.
 * Wallet/key errors are local configuration faults (500); payload errors are a peer's bad input (400).
 */
export const hotkeyErrors = defineErrors('hotkey', {
  WALLET_NAME_INVALID: { message: 'Wallet or hotkey name is not a single path segment', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  KEYFILE_NOT_FOUND: { message: 'Keyfile not found', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  KEYFILE_UNREADABLE: { message: 'Keyfile cannot be read', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  KEYFILE_ENCRYPTED: { message: 'Keyfile is encrypted; only unencrypted hotkey files are supported', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  KEYFILE_INVALID: { message: 'Keyfile is not a valid bittensor keyfile', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  KEYFILE_NO_SECRET: { message: 'Keyfile holds no usable secret (secretPhrase or secretSeed)', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  KEYFILE_ADDRESS_MISMATCH: { message: 'Keyfile address does not match its key', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  KEYFILE_EXISTS: { message: 'Keyfile already exists', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  KEYFILE_WRITE_FAILED: { message: 'Keyfile could not be written', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  SECRET_INVALID: { message: 'Key secret is invalid', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  PUBLIC_KEY_INVALID: { message: 'Public key is invalid', http: 400, wsClose: INVALID_PAYLOAD, retryable: false },
  MESSAGE_HEX_INVALID: { message: 'Message starts with 0x but is not valid hex', http: 400, wsClose: INVALID_PAYLOAD, retryable: false },
  BLOB_FIELD_INVALID: { message: 'Signing blob field is invalid', http: 400, wsClose: INVALID_PAYLOAD, retryable: false },
  RECEIPT_PAYLOAD_INVALID: { message: 'Receipt payload is invalid', http: 400, wsClose: INVALID_PAYLOAD, retryable: false },
  DATETIME_INVALID: { message: 'Datetime is not accepted by pydantic', http: 400, wsClose: INVALID_PAYLOAD, retryable: false },
  JSON_VALUE_UNSUPPORTED: { message: 'Value cannot be encoded as Python json.dumps would', http: 400, wsClose: INVALID_PAYLOAD, retryable: false },
});

export type HotkeyErrorCode = (typeof hotkeyErrors.codes)[number];
