/**
 * The devchain's chain: state, pool and block log, and block production. A block first reveals
 * due timelocked commits (on_initialize), then applies the pooled extrinsics in submit order, each
 * closed by ExtrinsicSuccess or ExtrinsicFailed, bumps the signers' nonces, and seals the block
 * with its extrinsics, events and storage.
 */
import type { TypeRegistry } from '@polkadot/types';
import { legacyEpochClock } from '../epochs/epochs';
import type { EpochClock } from '../epochs/epochs';
import { QUICKNET } from '../timelock/beacon';
import type { Block } from './blocks';
import { BlockLog } from './blocks';
import { decodeCall, dispatch } from './dispatch';
import type { DispatchContext } from './dispatch-context';
import { encodeEventRecords, outcomeEvent } from './events';
import type { EventRecordInput, PalletEvent } from './events';
import { TxPool } from './pool';
import type { PooledExtrinsic } from './pool';
import { revealTimelockedCommits } from './reveal-timelocked';
import type { DrandHook } from './reveal-timelocked';
import type { Runtime } from './runtime';
import { ChainState } from './state';
import { beaconConfig, storageSchema, storageSnapshot } from './storage';
import type { StorageSchema } from './storage';
import type { SubnetDescription } from './subnet';

/** An included extrinsic as plain data, for tests to assert on. */
export interface IncludedExtrinsic {
  block: number;
  index: number;
  hash: string;
  signer: string;
  nonce: number;
  /** Pallet and call as the metadata names them (`SubtensorModule`, `serve_axon`). */
  pallet: string;
  call: string;
  /** Arguments by their metadata names, as polkadot-js JSON. */
  args: Record<string, unknown>;
  success: boolean;
  /** `Pallet.Error`, `BadOrigin` or `Other` when the dispatch failed. */
  error?: string;
}

export interface SealedBlock {
  block: Block;
  /** Hashes of the extrinsics included, in order. */
  included: string[];
}

export class Chain {
  readonly registry: TypeRegistry;
  readonly state: ChainState;
  readonly blocks: BlockLog;
  readonly pool: TxPool;
  private readonly schema: StorageSchema;
  private readonly clock: EpochClock;
  private readonly maxCommitmentFields: number;
  private readonly log: IncludedExtrinsic[] = [];

  constructor(
    runtime: Runtime,
    subnet: SubnetDescription,
    private readonly drand: DrandHook | undefined,
  ) {
    this.registry = runtime.registry;
    this.schema = storageSchema(runtime);
    this.state = new ChainState(subnet, subnet.commit_reveal_version, beaconConfig(drand?.beacon ?? QUICKNET));
    this.clock = legacyEpochClock({ netuid: subnet.netuid, tempo: subnet.tempo });
    const maxFields = runtime.decorated.consts['commitments']?.['maxFields'];
    this.maxCommitmentFields = maxFields ? Number(maxFields.toString()) : 3;
    this.blocks = new BlockLog(runtime.registry, storageSnapshot(runtime.registry, this.schema, this.state, 0, encodeEventRecords(runtime.registry, [])));
    this.pool = new TxPool(runtime.registry, this.blocks, (address) => this.state.nonceOf(address));
  }

  /** The finalized block: the head's parent (a block is final once it has a child), genesis at first. */
  finalized(): Block {
    return this.blocks.at(Math.max(0, this.blocks.head.number - 1)) as Block;
  }

  /** Every included extrinsic so far, oldest first. */
  extrinsics(): IncludedExtrinsic[] {
    return structuredClone(this.log);
  }

  produceBlock(): SealedBlock {
    const number = this.blocks.head.number + 1;
    const records: EventRecordInput[] = [];
    const context = (signer: string, emit: (event: PalletEvent) => void): DispatchContext => ({
      state: this.state,
      block: number,
      signer,
      clock: this.clock,
      maxCommitmentFields: this.maxCommitmentFields,
      emit,
    });
    revealTimelockedCommits(context('', (event) => records.push({ phase: 'initialization', event })), this.drand);
    const taken = this.pool.take();
    taken.forEach((tx, index) => {
      const emitted: PalletEvent[] = [];
      const failure = this.apply(tx, context(tx.signer, (event) => emitted.push(event)), number, index);
      const kept = failure ? [] : emitted;
      for (const event of [...kept, outcomeEvent(this.registry, failure)]) records.push({ phase: index, event });
    });
    const events = encodeEventRecords(this.registry, records);
    const block = this.blocks.append(
      taken.map((tx) => tx.hex),
      storageSnapshot(this.registry, this.schema, this.state, number, events),
    );
    return { block, included: taken.map((tx) => tx.hash) };
  }

  private apply(tx: PooledExtrinsic, ctx: DispatchContext, block: number, index: number) {
    this.state.nonces.set(tx.signer, tx.nonce + 1);
    const call = decodeCall(this.registry, tx.extrinsic.method);
    const failure = dispatch(ctx, call);
    this.log.push({
      block,
      index,
      hash: tx.hash,
      signer: tx.signer,
      nonce: tx.nonce,
      pallet: call.pallet,
      call: call.call,
      args: Object.fromEntries(Object.entries(call.args).map(([name, codec]) => [name, codec.toJSON()])),
      success: failure === undefined,
      ...(failure === undefined ? {} : { error: typeof failure === 'string' ? failure : `${failure.pallet}.${failure.name}` }),
    });
    return failure;
  }
}
