/**
 * Error specs of chain writes (extrinsics, weights, commit-reveal). They belong to the `chain`
 * catalog: packages/chain/src/errors.ts spreads them into the `chain` catalog definition, so
 * `chainErrors.is(err, 'TX_RATE_LIMITED')` recognises the errors built here.
 */
import { HordeError } from '@horde/protocol';
import type { ErrorSpec } from '@horde/protocol';

const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;

function spec(message: string, http: number, retryable: boolean): ErrorSpec {
  return { message, http, wsClose: http >= 500 ? INTERNAL_ERROR : POLICY_VIOLATION, retryable };
}

export const CHAIN_WRITE_ERROR_SPECS = {
  TX_RATE_LIMITED: spec('Transaction rate limit reached; retry after the limit passes', 429, true),
  TX_NOT_REGISTERED: spec('Hotkey is not registered on the subnet', 403, false),
  TX_NO_VALIDATOR_PERMIT: spec('Hotkey has no validator permit', 403, false),
  TX_NOT_ENOUGH_STAKE: spec('Hotkey has not enough stake for this call', 403, false),
  TX_COMMIT_REVEAL_ENABLED: spec('Commit-reveal is enabled: weights must be committed, not set', 409, false),
  TX_COMMIT_REVEAL_DISABLED: spec('Commit-reveal is disabled: weights must be set directly', 409, false),
  TX_COMMIT_REVEAL_VERSION: spec('Commit-reveal version differs from the chain', 409, false),
  TX_WEIGHT_VERSION_KEY: spec('Weights version key is below the subnet version', 409, false),
  TX_WEIGHTS_INVALID: spec('Weights violate the subnet rules', 400, false),
  TX_REVEAL_TOO_EARLY: spec('Reveal sent before the reveal epoch', 409, true),
  TX_COMMIT_EXPIRED: spec('Weight commit expired before its reveal', 409, false),
  TX_COMMIT_NOT_FOUND: spec('No matching weight commit on chain', 409, false),
  TX_TOO_MANY_COMMITS: spec('Too many unrevealed weight commits', 409, true),
  TX_AXON_INVALID: spec('Axon address, type or port rejected by the chain', 400, false),
  TX_COMMITMENT_INVALID: spec('Commitment rejected by the chain', 400, false),
  TX_SUBNET_NOT_FOUND: spec('Subnet or mechanism does not exist', 404, false),
  TX_BAD_ORIGIN: spec('Transaction origin not allowed for this call', 403, false),
  TX_INVALID: spec('Transaction pool rejected the transaction as invalid', 400, false),
  TX_INCLUSION_TIMEOUT: spec('Transaction was accepted by the node but not seen in a block in time; it may still land', 504, false),
  TX_FAILED: spec('Transaction failed on chain', 502, false),
  WEIGHTS_INPUT_INVALID: spec('Weights or uids given to the chain client are invalid', 400, false),
  AXON_IP_INVALID: spec('Axon IP address is not a valid IPv4 or IPv6 address', 400, false),
} as const satisfies Record<string, ErrorSpec>;

export type ChainWriteErrorCode = keyof typeof CHAIN_WRITE_ERROR_SPECS;

/** Builds a `chain` catalog error for one of the codes above. */
export function chainWriteError(code: ChainWriteErrorCode, detail?: string, options?: { cause?: unknown; context?: Record<string, unknown> }): HordeError<ChainWriteErrorCode> {
  return new HordeError<ChainWriteErrorCode>('chain', code, CHAIN_WRITE_ERROR_SPECS[code], detail, options);
}
