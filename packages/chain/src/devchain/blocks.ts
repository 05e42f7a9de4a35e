/**
 * The devchain's block log: block n's header has a parent hash, a synthetic state root and an
 * extrinsics root derived from n and its extrinsics, so every run with the same extrinsics
 * produces the same hashes. Each block keeps its extrinsics and the storage after it.
 */
import type { TypeRegistry } from '@polkadot/types';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { StorageSnapshot } from './storage';

export interface HeaderJson {
  parentHash: string;
  number: string;
  stateRoot: string;
  extrinsicsRoot: string;
  digest: { logs: string[] };
}

export interface Block {
  number: number;
  hash: string;
  header: HeaderJson;
  /** The signed extrinsics included, as 0x-hex, in order. */
  extrinsics: string[];
  storage: StorageSnapshot;
}

export class BlockLog {
  private readonly blocks: Block[] = [];
  private readonly byHash = new Map<string, Block>();

  constructor(
    private readonly registry: TypeRegistry,
    genesisStorage: StorageSnapshot,
  ) {
    this.append([], genesisStorage);
  }

  /** Seals the next block and returns it. */
  append(extrinsics: string[], storage: StorageSnapshot): Block {
    const number = this.blocks.length;
    const parentHash = number === 0 ? u8aToHex(new Uint8Array(32)) : this.head.hash;
    const header: HeaderJson = {
      parentHash,
      number: `0x${number.toString(16)}`,
      stateRoot: blake2AsHex(stringToU8a(`devchain state ${number}`)),
      extrinsicsRoot: blake2AsHex(u8aConcat(stringToU8a(`devchain extrinsics ${number}`), ...extrinsics.map((x) => stringToU8a(x)))),
      digest: { logs: [] },
    };
    const hash = this.registry.createType('Header', header).hash.toHex();
    const block = { number, hash, header, extrinsics, storage };
    this.blocks.push(block);
    this.byHash.set(hash, block);
    return block;
  }

  get head(): Block {
    return this.blocks[this.blocks.length - 1] as Block;
  }

  at(number: number): Block | undefined {
    return this.blocks[number];
  }

  byHashOrHead(hash: unknown): Block | undefined {
    return typeof hash === 'string' ? this.byHash.get(hash) : this.head;
  }
}
