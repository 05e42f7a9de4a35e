/**
 * Call builders for the extrinsics Horde sends. Pallets and calls are looked up by name in the
 * connected runtime's metadata (never by index), and the argument count is checked, so a runtime
 * that renamed or reshaped a call fails with CHAIN_RUNTIME_UNSUPPORTED instead of a wrong encoding.
 * The results are unsigned; signing and sending belong to the client.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic, SubmittableExtrinsicFunction } from '@polkadot/api/types';
import { u8aToHex } from '@polkadot/util';
import { chainErrors } from '../errors';
import { ipToChain } from './ip';

export type Call = SubmittableExtrinsic<'promise'>;

/** Every call built here, with its arity: what a runtime must offer before we sign anything. */
export const WRITE_CALLS = [
  { pallet: 'subtensorModule', method: 'serveAxon', args: 8 },
  { pallet: 'subtensorModule', method: 'setWeights', args: 4 },
  { pallet: 'subtensorModule', method: 'commitWeights', args: 2 },
  { pallet: 'subtensorModule', method: 'revealWeights', args: 5 },
  { pallet: 'subtensorModule', method: 'commitTimelockedWeights', args: 4 },
  { pallet: 'commitments', method: 'setCommitment', args: 2 },
] as const;

/** polkadot-js name of a call built here. */
export type WriteCallName = (typeof WRITE_CALLS)[number]['method'];

export interface CallShape {
  readonly pallet: string;
  readonly method: string;
  readonly args: number;
}

/** `pallet.method` of each call the runtime lacks or has with another arity (empty: all fine). */
export function unsupportedCalls(api: ApiPromise, calls: readonly CallShape[] = WRITE_CALLS): string[] {
  return calls.filter(({ pallet, method, args }) => api.tx[pallet]?.[method]?.meta.args.length !== args).map(({ pallet, method }) => `${pallet}.${method}`);
}

/** The call `pallet.method` (polkadot-js camelCase names) if it has `argCount` arguments. */
export function requireCall(api: ApiPromise, pallet: string, method: string, argCount: number): SubmittableExtrinsicFunction<'promise'> {
  const fn = api.tx[pallet]?.[method];
  if (!fn) throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', `${pallet}.${method} is not in the runtime metadata`);
  if (fn.meta.args.length !== argCount) {
    throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', `${pallet}.${method} takes ${fn.meta.args.length} arguments, expected ${argCount}`);
  }
  return fn;
}

export interface ServeAxonArgs {
  readonly netuid: number;
  /** bittensor's version_as_int: major*10^6 + minor*10^3 + patch. */
  readonly version: number;
  /** IPv4 or IPv6 text; converted to (u128, ip_type 4|6). */
  readonly ip: string;
  readonly port: number;
  /** Python axons send 4. */
  readonly protocol: number;
  readonly placeholder1?: number;
  readonly placeholder2?: number;
}

/** `SubtensorModule.serve_axon`. */
export function serveAxon(api: ApiPromise, args: ServeAxonArgs): Call {
  const { ip, ipType } = ipToChain(args.ip);
  return requireCall(api, 'subtensorModule', 'serveAxon', 8)(args.netuid, args.version, ip, args.port, ipType, args.protocol, args.placeholder1 ?? 0, args.placeholder2 ?? 0);
}

export interface SetWeightsArgs {
  readonly netuid: number;
  readonly uids: readonly number[];
  /** u16 values, already normalised (see `weightsForEmit`). */
  readonly weights: readonly number[];
  readonly versionKey: bigint | number;
}

/** `SubtensorModule.set_weights` (only accepted while commit-reveal is off for the subnet). */
export function setWeights(api: ApiPromise, args: SetWeightsArgs): Call {
  return requireCall(api, 'subtensorModule', 'setWeights', 4)(args.netuid, [...args.uids], [...args.weights], args.versionKey);
}

export interface CommitWeightsArgs {
  readonly netuid: number;
  /** 32-byte hash from `commitHash`. */
  readonly commitHash: Uint8Array | string;
}

/** `SubtensorModule.commit_weights` (commit-reveal v2). */
export function commitWeights(api: ApiPromise, args: CommitWeightsArgs): Call {
  return requireCall(api, 'subtensorModule', 'commitWeights', 2)(args.netuid, args.commitHash);
}

export interface RevealWeightsArgs {
  readonly netuid: number;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly salt: readonly number[];
  readonly versionKey: bigint | number;
}

/** `SubtensorModule.reveal_weights`: the very values hashed at commit time. */
export function revealWeights(api: ApiPromise, args: RevealWeightsArgs): Call {
  return requireCall(api, 'subtensorModule', 'revealWeights', 5)(args.netuid, [...args.uids], [...args.values], [...args.salt], args.versionKey);
}

/** Upper bound of `commit_timelocked_weights`' ciphertext (subtensor's `MAX_CRV3_COMMIT_SIZE_BYTES`). */
export const MAX_TIMELOCK_COMMIT = 5000;

export interface CommitTimelockedWeightsArgs {
  readonly netuid: number;
  /** Timelock ciphertext of the SCALE weights payload. */
  readonly commit: Uint8Array;
  /** drand round whose signature opens the commit. */
  readonly revealRound: bigint | number;
  /** The chain's `CommitRevealWeightsVersion` (4 on finney). */
  readonly commitRevealVersion: number;
}

/** `SubtensorModule.commit_timelocked_weights` (commit-reveal v4: the chain reveals by itself). */
export function commitTimelockedWeights(api: ApiPromise, args: CommitTimelockedWeightsArgs): Call {
  if (args.commit.length === 0 || args.commit.length > MAX_TIMELOCK_COMMIT) {
    throw chainErrors.error('WEIGHTS_INPUT_INVALID', `timelock commit is ${args.commit.length} bytes (1..${MAX_TIMELOCK_COMMIT})`);
  }
  return requireCall(api, 'subtensorModule', 'commitTimelockedWeights', 4)(args.netuid, u8aToHex(args.commit), args.revealRound, args.commitRevealVersion);
}

/** Longest payload of a `RawN` commitment field; longer ones use `BigRaw`. */
export const MAX_RAW_COMMITMENT = 128;

export interface SetCommitmentArgs {
  readonly netuid: number;
  /** The commitment bytes (Python `publish_metadata` sends one `Raw{len}` field). */
  readonly data: Uint8Array;
}

/** `Commitments.set_commitment` with one raw field, as bittensor's `set_commitment` does. */
export function setCommitment(api: ApiPromise, args: SetCommitmentArgs): Call {
  const len = args.data.length;
  const bytes = u8aToHex(args.data);
  const field = len <= MAX_RAW_COMMITMENT ? { [`Raw${len}`]: bytes } : { BigRaw: bytes };
  return requireCall(api, 'commitments', 'setCommitment', 2)(args.netuid, { fields: [field] });
}
