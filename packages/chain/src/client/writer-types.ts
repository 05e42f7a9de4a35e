/**
 * The write side of the chain client: a hotkey signs and sends Horde's extrinsics and waits until
 * they are in a block. Every method resolves with where the extrinsic landed, or rejects with a
 * typed `chain` error (TX_* codes from the dispatch error, CHAIN_* for transport faults).
 */
import type { CommitTimelockedWeightsArgs, CommitWeightsArgs, RevealWeightsArgs, ServeAxonArgs, SetCommitmentArgs, SetWeightsArgs, WriteCallName } from '../extrinsics/calls';

/** Where a successful extrinsic landed. */
export interface TxReceipt {
  /** blake2-256 of the signed extrinsic. */
  readonly txHash: string;
  readonly blockHash: string;
  readonly blockNumber: number;
}

export interface ChainWriter {
  /** SS58 address of the signing hotkey. */
  readonly address: string;
  serveAxon(args: ServeAxonArgs): Promise<TxReceipt>;
  setCommitment(args: SetCommitmentArgs): Promise<TxReceipt>;
  setWeights(args: SetWeightsArgs): Promise<TxReceipt>;
  commitWeights(args: CommitWeightsArgs): Promise<TxReceipt>;
  revealWeights(args: RevealWeightsArgs): Promise<TxReceipt>;
  commitTimelockedWeights(args: CommitTimelockedWeightsArgs): Promise<TxReceipt>;
}

export interface WriterOptions {
  /** Give up waiting for inclusion after this long (default 60 s): CHAIN_TIMEOUT. */
  readonly inclusionTimeoutMs?: number;
  /**
   * Calls this writer must be able to sign (default: all of WRITE_CALLS). A runtime lacking one of
   * them, or carrying a transaction extension we do not know, is refused when the writer is made.
   */
  readonly calls?: readonly WriteCallName[];
}
