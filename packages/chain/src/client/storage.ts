/** Decoding of the storage values the client reads, from polkadot-js codecs to plain values. */
import type { Codec } from '@polkadot/types/types';
import { hexToU8a, isHex, u8aConcat } from '@polkadot/util';
import { chainErrors } from '../errors';
import type { Beacon } from '../timelock/beacon';

/** `Data::RawN` / `Data::BigRaw` as polkadot-js renders them in JSON (`raw5`, `bigRaw`). */
const RAW_VARIANT = /^(raw\d+|bigRaw)$/i;

/**
 * The bytes of a `Commitments.CommitmentOf` value (`Option<Registration { deposit, block, info:
 * { fields: Vec<Data> } }>`): every raw field's bytes, in order; null for None. Hash fields
 * (BlakeTwo256, Sha256, …) carry no data of their own and are skipped.
 */
export function commitmentBytes(value: Codec): Uint8Array | null {
  const json = value.toJSON() as { info?: { fields?: unknown[] } } | null;
  if (json === null) return null;
  const fields = json.info?.fields;
  if (!Array.isArray(fields)) throw chainErrors.error('CHAIN_RESPONSE_MALFORMED', 'CommitmentOf without info.fields');
  const parts = fields.flatMap((field) => {
    if (typeof field !== 'object' || field === null) return [];
    return Object.entries(field).flatMap(([variant, data]) => (RAW_VARIANT.test(variant) && isHex(data) ? [hexToU8a(data)] : []));
  });
  return u8aConcat(...parts);
}

/** `Drand.BeaconConfig` → the beacon's key and clock; a key that is not a G2 point's 96 bytes is malformed. */
export function beaconFromConfig(value: Codec): Beacon {
  const json = value.toJSON() as { publicKey?: unknown; period?: unknown; genesisTime?: unknown } | null;
  const publicKey = isHex(json?.publicKey) ? hexToU8a(json.publicKey) : undefined;
  const period = Number(json?.period);
  const genesis = Number(json?.genesisTime);
  if (publicKey?.length !== 96 || !(period > 0) || !(genesis > 0)) {
    throw chainErrors.error('CHAIN_RESPONSE_MALFORMED', 'Drand.BeaconConfig has no usable public key, period or genesis time');
  }
  return { publicKey, period, genesis };
}
