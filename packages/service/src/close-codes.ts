/**
 * WebSocket close codes used on every Horde channel.
 *
 * 1000-1015 are the standard codes of RFC 6455 §7.4.1; we use only the ones below. 4000-4099 are
 * Horde's own application codes (RFC 6455 leaves 4000-4999 to applications). A peer that does not
 * know one of our 40xx codes still sees a normal close with a reason text, so they are additive.
 */
export const CloseCode = {
  /** Normal closure: the conversation is over (also used by reference peers after a GenericError). */
  NORMAL: 1000,
  /** The frame could not be understood (not JSON, no known `message_type`, schema-invalid). */
  INVALID_PAYLOAD: 1007,
  /** Policy violation: the peer is not allowed here (e.g. failed authentication at the HTTP level). */
  POLICY_VIOLATION: 1008,
  /** A frame exceeded the channel's size limit (`maxFrameBytes`). */
  MESSAGE_TOO_BIG: 1009,
  /** The server hit an unexpected condition while serving the connection. */
  INTERNAL_ERROR: 1011,
  /** The service is restarting or shutting down; reconnect later. */
  SERVICE_RESTART: 1012,

  /** Generic protocol misuse by the peer (wrong message for the current state, ...). */
  PROTOCOL_ERROR: 4000,
  /** Authentication message was rejected (bad signature, wrong hotkey, stale timestamp). */
  AUTH_FAILED: 4001,
  /** The peer is not known to us (not registered, not on the metagraph, inactive). */
  UNKNOWN_PEER: 4002,
  /** The peer did not authenticate within the allowed time after connecting. */
  AUTH_TIMEOUT: 4003,
  /** A newer connection of the same peer replaced this one. */
  REPLACED: 4004,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Close codes the Python reference facilitator sends on its validator channel (`/ws/v0/`); listed so
 * that our facilitator can send, and our validator can recognise, the very same values.
 */
export const ReferenceFacilitatorCloseCode = {
  /** `V0AuthenticationRequest` signature did not verify. */
  SIGNATURE_INVALID: 3000,
  /** No active validator with that hotkey. */
  VALIDATOR_NOT_FOUND: 3001,
} as const;

