/** What a call handler gets (the state, the block, the signer) and the helpers to read call arguments. */
import type { Codec } from '@polkadot/types/types';
import type { EpochClock } from '../epochs/epochs';
import type { DispatchFailure, PalletEvent } from './events';
import type { ChainState } from './state';

export interface DispatchContext {
  state: ChainState;
  /** The block being built. */
  block: number;
  /** SS58 address of the signer. */
  signer: string;
  clock: EpochClock;
  /** `Commitments::MaxFields`. */
  maxCommitmentFields: number;
  /** Deposits a pallet event; the events of a failed dispatch are dropped, as the runtime reverts them. */
  emit(event: PalletEvent): void;
}

/** A call's arguments by their metadata (snake_case) names. */
export type CallArgs = Readonly<Record<string, Codec>>;

export type CallHandler = (ctx: DispatchContext, args: CallArgs) => DispatchFailure | undefined;

/** A module error of `pallet`, by name. */
export const moduleFailure = (pallet: string, name: string): DispatchFailure => ({ pallet, name });

export const num = (codec: Codec | undefined): number => Number(codec?.toString() ?? 0);
export const big = (codec: Codec | undefined): bigint => BigInt(codec?.toString() ?? 0);
export const numbers = (codec: Codec | undefined): number[] => (codec?.toJSON() as number[] | undefined) ?? [];

/** A SubtensorModule event. */
export const subtensorEvent = (name: string, ...fields: unknown[]): PalletEvent => ({ pallet: 'SubtensorModule', name, fields });
