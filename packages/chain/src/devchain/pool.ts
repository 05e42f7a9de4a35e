/**
 * The devchain's transaction pool: validates a submitted extrinsic as substrate's pool does
 * (decode, signature over the real signing payload, mortality, nonce) and keeps the valid ones in
 * submit order until the next block takes them. Rejections are JSON-RPC errors with substrate's
 * codes and wording (author/error.rs): 1001 bad format, 1010 invalid transaction, 1011 unknown
 * validity, 1013 already imported, 1014 priority too low.
 *
 * Divergence from substrate: a nonce beyond the next one is refused (1010 "Transaction will be
 * valid in the future") instead of being parked in a future queue, so a test never hangs on it.
 */
import type { TypeRegistry } from '@polkadot/types';
import type { Extrinsic } from '@polkadot/types/interfaces';
import { hexToU8a, isHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import type { BlockLog } from './blocks';
import { fixtures } from './recorded';
import { RpcError } from './rpc-error';

/** Larger submissions are refused before decoding (substrate's block length is 5 MiB on subtensor). */
const MAX_EXTRINSIC_BYTES = 5 * 1024 * 1024;

export interface PooledExtrinsic {
  hash: string;
  hex: string;
  signer: string;
  nonce: number;
  extrinsic: Extrinsic;
}

function invalid(reason: string): RpcError {
  return new RpcError(1010, 'Invalid Transaction', reason);
}

const { specVersion, transactionVersion } = fixtures.block.runtimeVersion as { specVersion: number; transactionVersion: number };

export class TxPool {
  private ready: PooledExtrinsic[] = [];

  constructor(
    private readonly registry: TypeRegistry,
    private readonly blocks: BlockLog,
    private readonly onChainNonce: (address: string) => number,
  ) {}

  /** `system_accountNextIndex`: the on-chain nonce plus the account's extrinsics waiting here. */
  nextIndex(address: string): number {
    return this.onChainNonce(address) + this.ready.filter((x) => x.signer === address).length;
  }

  /** Validates and queues; returns the extrinsic hash or throws an RpcError. */
  submit(input: unknown): PooledExtrinsic {
    const extrinsic = this.decode(input);
    const hash = blake2AsHex(extrinsic.toU8a(), 256);
    if (this.ready.some((x) => x.hash === hash)) throw new RpcError(1013, 'Transaction Already Imported', hash);
    if (!extrinsic.isSigned) throw new RpcError(1011, 'Unknown Transaction Validity', 'Could not find an unsigned validator for the unsigned transaction');
    const signer = extrinsic.signer.toString();
    this.verifySignature(extrinsic, signer);
    const nonce = extrinsic.nonce.toNumber();
    const onChain = this.onChainNonce(signer);
    if (nonce < onChain) throw invalid('Transaction is outdated');
    const taken = this.ready.find((x) => x.signer === signer && x.nonce === nonce);
    if (taken) throw new RpcError(1014, 'Priority is too low: (0 vs 0)', 'The transaction has too low priority to replace another transaction already in the pool.');
    if (nonce > this.nextIndex(signer)) throw invalid('Transaction will be valid in the future');
    const pooled = { hash, hex: extrinsic.toHex(), signer, nonce, extrinsic };
    this.ready.push(pooled);
    return pooled;
  }

  pending(): readonly PooledExtrinsic[] {
    return this.ready;
  }

  /** Everything ready, in submit order; the pool is emptied. */
  take(): PooledExtrinsic[] {
    const taken = this.ready;
    this.ready = [];
    return taken;
  }

  private decode(input: unknown): Extrinsic {
    if (typeof input !== 'string' || !isHex(input)) throw new RpcError(1001, 'Extrinsic has invalid format: expected 0x-prefixed hex');
    if (input.length > 2 + 2 * MAX_EXTRINSIC_BYTES) throw new RpcError(1001, 'Extrinsic has invalid format: too large');
    let extrinsic: Extrinsic;
    try {
      const bytes = hexToU8a(input);
      extrinsic = this.registry.createType('Extrinsic', bytes);
      // Trailing bytes mean the length prefix lied: substrate refuses it as undecodable.
      if (extrinsic.encodedLength !== bytes.length) throw new Error(`${bytes.length - extrinsic.encodedLength} trailing bytes`);
      // Touch the call so a bad call index or argument surfaces here, not at dispatch.
      extrinsic.method.toJSON();
    } catch (err) {
      throw new RpcError(1001, `Extrinsic has invalid format: ${err instanceof Error ? err.message : String(err)}`);
    }
    return extrinsic;
  }

  /** The signing payload substrate checks: call, extra (era, nonce, tip, mode) and implicit data. */
  private verifySignature(extrinsic: Extrinsic, signer: string): void {
    const era = extrinsic.era;
    const current = this.blocks.head.number + 1;
    const birth = era.isMortalEra ? era.asMortalEra.birth(current) : 0;
    const birthBlock = this.blocks.at(birth);
    if (!birthBlock || birth > this.blocks.head.number) throw invalid('Transaction has an ancient birth block');
    if (era.isMortalEra && era.asMortalEra.death(current) <= current) throw invalid('Transaction is outdated');
    const genesis = this.blocks.at(0);
    const payload = this.registry.createType(
      'ExtrinsicPayload',
      {
        method: extrinsic.method.toHex(),
        era,
        nonce: extrinsic.nonce,
        tip: extrinsic.tip,
        mode: (extrinsic.inner.signature as unknown as { mode: unknown }).mode,
        specVersion,
        transactionVersion,
        genesisHash: genesis?.hash,
        blockHash: birthBlock.hash,
        metadataHash: null,
      },
      { version: extrinsic.type },
    );
    const bytes = payload.toU8a({ method: true });
    const message = bytes.length > 256 ? blake2AsU8a(bytes, 256) : bytes;
    let valid = false;
    try {
      valid = signatureVerify(message, extrinsic.signature.toU8a(), signer).isValid;
    } catch {
      valid = false;
    }
    if (!valid) throw invalid('Transaction has a bad signature');
  }
}
