/**
 * Maps a failed extrinsic's DispatchError to a typed `chain` error. Module errors are matched by
 * pallet and error *name* as the metadata spells them (never by index: indices move between
 * runtimes). Unknown module errors become TX_FAILED with the pallet.name kept in the context.
 */
import type { ApiPromise } from '@polkadot/api';
import type { HordeError } from '@horde/protocol';
import { chainWriteError } from './errors';
import type { ChainWriteErrorCode } from './errors';

/** The parts of a DispatchError this mapping needs, decoupled from polkadot-js types. */
export type DispatchErrorLike =
  | { readonly kind: 'module'; readonly pallet: string; readonly name: string; readonly docs?: string }
  | { readonly kind: 'badOrigin' }
  /** A pool rejection `InvalidTransaction::Custom(n)` from subtensor's transaction extension. */
  | { readonly kind: 'customInvalid'; readonly custom: number }
  | { readonly kind: 'other'; readonly detail: string };

const SUBTENSOR: Readonly<Record<string, ChainWriteErrorCode>> = {
  SettingWeightsTooFast: 'TX_RATE_LIMITED',
  CommittingWeightsTooFast: 'TX_RATE_LIMITED',
  ServingRateLimitExceeded: 'TX_RATE_LIMITED',
  TxRateLimitExceeded: 'TX_RATE_LIMITED',
  NetworkTxRateLimitExceeded: 'TX_RATE_LIMITED',
  HotKeyNotRegisteredInSubNet: 'TX_NOT_REGISTERED',
  HotKeyNotRegisteredInNetwork: 'TX_NOT_REGISTERED',
  HotKeyAccountNotExists: 'TX_NOT_REGISTERED',
  NeuronNoValidatorPermit: 'TX_NO_VALIDATOR_PERMIT',
  NotEnoughStakeToSetWeights: 'TX_NOT_ENOUGH_STAKE',
  NotEnoughStake: 'TX_NOT_ENOUGH_STAKE',
  CommitRevealEnabled: 'TX_COMMIT_REVEAL_ENABLED',
  CommitRevealDisabled: 'TX_COMMIT_REVEAL_DISABLED',
  IncorrectCommitRevealVersion: 'TX_COMMIT_REVEAL_VERSION',
  IncorrectWeightVersionKey: 'TX_WEIGHT_VERSION_KEY',
  WeightVecNotEqualSize: 'TX_WEIGHTS_INVALID',
  InputLengthsUnequal: 'TX_WEIGHTS_INVALID',
  DuplicateUids: 'TX_WEIGHTS_INVALID',
  UidVecContainInvalidOne: 'TX_WEIGHTS_INVALID',
  WeightVecLengthIsLow: 'TX_WEIGHTS_INVALID',
  UidsLengthExceedUidsInSubNet: 'TX_WEIGHTS_INVALID',
  MaxWeightExceeded: 'TX_WEIGHTS_INVALID',
  CanNotSetRootNetworkWeights: 'TX_WEIGHTS_INVALID',
  RevealTooEarly: 'TX_REVEAL_TOO_EARLY',
  ExpiredWeightCommit: 'TX_COMMIT_EXPIRED',
  NoWeightsCommitFound: 'TX_COMMIT_NOT_FOUND',
  InvalidRevealCommitHashNotMatch: 'TX_COMMIT_NOT_FOUND',
  TooManyUnrevealedCommits: 'TX_TOO_MANY_COMMITS',
  InvalidIpType: 'TX_AXON_INVALID',
  InvalidIpAddress: 'TX_AXON_INVALID',
  InvalidPort: 'TX_AXON_INVALID',
  SubnetNotExists: 'TX_SUBNET_NOT_FOUND',
  MechanismDoesNotExist: 'TX_SUBNET_NOT_FOUND',
};

const COMMITMENTS: Readonly<Record<string, ChainWriteErrorCode>> = {
  AccountNotAllowedCommit: 'TX_NOT_REGISTERED',
  TooManyFieldsInCommitmentInfo: 'TX_COMMITMENT_INVALID',
  SpaceLimitExceeded: 'TX_COMMITMENT_INVALID',
};

/** Pallet names compared without case or separators: metadata says `SubtensorModule`, polkadot-js `subtensorModule`. */
/**
 * subtensor common/src/transaction_error.rs `CustomTransactionError` → u8: the numbers are part of
 * the client-facing surface and are never renumbered. Unlisted numbers give TX_INVALID.
 */
const CUSTOM_INVALID: Readonly<Record<number, ChainWriteErrorCode>> = {
  3: 'TX_SUBNET_NOT_FOUND', // SubnetNotExists
  4: 'TX_NOT_REGISTERED', // HotkeyAccountDoesntExist
  6: 'TX_RATE_LIMITED', // RateLimitExceeded
  10: 'TX_NOT_REGISTERED', // HotKeyNotRegisteredInNetwork
  11: 'TX_AXON_INVALID', // InvalidIpAddress
  12: 'TX_RATE_LIMITED', // ServingRateLimitExceeded
  13: 'TX_AXON_INVALID', // InvalidPort
  16: 'TX_COMMIT_NOT_FOUND', // CommitNotFound
  18: 'TX_WEIGHTS_INVALID', // InputLengthsUnequal
  19: 'TX_NOT_REGISTERED', // UidNotFound
};

function palletKey(pallet: string): string {
  return pallet.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const MAPS: Readonly<Record<string, Readonly<Record<string, ChainWriteErrorCode>>>> = {
  SubtensorModule: SUBTENSOR,
  Commitments: COMMITMENTS,
};

const BY_PALLET = new Map(Object.entries(MAPS).map(([pallet, map]) => [palletKey(pallet), map]));

/** Every module error this mapping names, with metadata pallet names (for runtime start-up checks). */
export function mappedDispatchErrors(): { pallet: string; name: string; code: ChainWriteErrorCode }[] {
  return Object.entries(MAPS).flatMap(([pallet, map]) => Object.entries(map).map(([name, code]) => ({ pallet, name, code })));
}

/** The typed code for a dispatch error. */
export function txErrorCode(error: DispatchErrorLike): ChainWriteErrorCode {
  switch (error.kind) {
    case 'module':
      return BY_PALLET.get(palletKey(error.pallet))?.[error.name] ?? 'TX_FAILED';
    case 'badOrigin':
      return 'TX_BAD_ORIGIN';
    case 'customInvalid':
      return CUSTOM_INVALID[error.custom] ?? 'TX_INVALID';
    case 'other':
      return 'TX_FAILED';
  }
}

/** The typed error for a dispatch error, with pallet and error name in its context. */
export function txError(error: DispatchErrorLike, options?: { cause?: unknown }): HordeError<ChainWriteErrorCode> {
  const code = txErrorCode(error);
  if (error.kind === 'module') {
    return chainWriteError(code, `${error.pallet}.${error.name}`, { cause: options?.cause, context: { pallet: error.pallet, error: error.name } });
  }
  if (error.kind === 'customInvalid') return chainWriteError(code, `Custom error: ${error.custom}`, { cause: options?.cause, context: { custom: error.custom } });
  return chainWriteError(code, error.kind === 'other' ? error.detail : 'BadOrigin', { cause: options?.cause });
}

type Registry = ApiPromise['registry'];

/** The slice of polkadot-js' DispatchError read here (an `ExtrinsicFailed` event's `dispatchError`). */
export interface PolkadotDispatchError {
  readonly isModule: boolean;
  readonly asModule: Parameters<Registry['findMetaError']>[0];
  readonly isBadOrigin: boolean;
  toString(): string;
}

/** Resolves a polkadot-js DispatchError through the runtime's own metadata. */
export function fromDispatchError(registry: Registry, error: PolkadotDispatchError): DispatchErrorLike {
  if (error.isModule) {
    const meta = registry.findMetaError(error.asModule);
    return { kind: 'module', pallet: meta.section, name: meta.name, docs: meta.docs.join(' ') };
  }
  if (error.isBadOrigin) return { kind: 'badOrigin' };
  return { kind: 'other', detail: error.toString() };
}
