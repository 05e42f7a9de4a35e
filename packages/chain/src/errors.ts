import { defineErrors } from '@horde/protocol';
import { CHAIN_WRITE_ERROR_SPECS } from './extrinsics/errors';

/** WebSocket close code (RFC 6455) for a fault on our side or an upstream we depend on. */
const INTERNAL_ERROR = 1011;

/**
 * Errors of the chain package: the subtensor node unreachable or slow, answers that do not decode,
 * a runtime that lacks what we call, and subnets that do not exist; plus the write-side codes
 * (transactions, weights) declared beside the extrinsics.
 */
export const chainErrors = defineErrors('chain', {
  CHAIN_UNAVAILABLE: { message: 'Subtensor RPC is unreachable', http: 503, wsClose: INTERNAL_ERROR, retryable: true },
  CHAIN_TIMEOUT: { message: 'Subtensor RPC did not answer in time', http: 504, wsClose: INTERNAL_ERROR, retryable: true },
  CHAIN_RESPONSE_MALFORMED: { message: 'Subtensor answer does not decode', http: 502, wsClose: INTERNAL_ERROR, retryable: false },
  CHAIN_RUNTIME_UNSUPPORTED: { message: 'Subtensor runtime lacks a call or runtime API we use', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  CHAIN_ENDPOINT_INVALID: { message: 'Subtensor endpoint is not finney, test or a ws(s) URL', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
  SUBNET_NOT_FOUND: { message: 'Subnet does not exist on chain', http: 404, wsClose: INTERNAL_ERROR, retryable: false },
  ...CHAIN_WRITE_ERROR_SPECS,
});

export type ChainErrorCode = (typeof chainErrors.codes)[number];
