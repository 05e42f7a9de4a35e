/**
 * The recorded finney fixtures (spec 343 metadata, runtime version, header, and the two metagraph
 * runtime-API answers at block 6,852,690), read once per process. Shared by devchain and the
 * in-process FakeProvider.
 */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/', import.meta.url);

function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8').trim();
}

export interface RecordedBlock {
  blockHash: string;
  runtimeVersion: Record<string, unknown>;
  header: Record<string, unknown>;
  selectiveMechagraphParams: string;
}

export interface Fixtures {
  readonly metadata: string;
  readonly neuronsLite: string;
  readonly selectiveMechagraph: string;
  readonly block: RecordedBlock;
}

const FILES: Readonly<Record<keyof Fixtures, string>> = {
  metadata: 'metadata-v15-spec343.hex',
  neuronsLite: 'netuid1-block6852690-neurons-lite.hex',
  selectiveMechagraph: 'netuid1-block6852690-selective-mechagraph.hex',
  block: 'block6852690-runtime-version-and-header.json',
};

/**
 * Each fixture is read on first use, not when this module loads: @horde/chain re-exports the
 * devchain, and an app bundle that never starts one must not need the files.
 */
export const fixtures: Fixtures = Object.defineProperties({} as Fixtures, {
  ...Object.fromEntries(
    (Object.keys(FILES) as (keyof Fixtures)[]).map((key) => {
      let value: unknown;
      const read = (): unknown => (value ??= key === 'block' ? JSON.parse(fixture(FILES[key])) : fixture(FILES[key]));
      return [key, { get: read, enumerable: true }];
    }),
  ),
});

/** Any 32-byte value works offline; the fixtures do not record finney's genesis hash. */
export const FAKE_GENESIS_HASH = `0x${'11'.repeat(32)}`;

/** Answers to the node-information RPCs, as finney gives them. */
export const SYSTEM_PROPERTIES = { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' };
export const SYSTEM_CHAIN = 'Bittensor';
