/**
 * The plaintext of a timelocked weights commit: SCALE `WeightsTlockPayload { hotkey: Vec<u8>,
 * uids: Vec<u16>, values: Vec<u16>, version_key: u64 }` (subtensor coinbase/reveal_commits.rs,
 * bittensor-drand). The decoder reads it as the chain does at reveal time, legacy form included.
 */
import { bnToU8a, compactToU8a, u8aConcat } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { timelockErrors } from './errors';

const U16_MAX = 0xffff;
const ACCOUNT_LENGTH = 32;

export interface WeightsPayload {
  /** The committing hotkey's 32-byte public key (or its SS58 address when encoding). */
  readonly hotkey: Uint8Array;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly versionKey: bigint;
}

export interface WeightsPayloadInput extends Omit<WeightsPayload, 'hotkey' | 'versionKey'> {
  readonly hotkey: Uint8Array | string;
  readonly versionKey: bigint | number;
}

/**
 * What the chain gets out of decrypted bytes: `v4` carries the hotkey it must match the signer
 * against; `legacy` (uids, values, version_key only) is applied for any signer.
 */
export type DecodedWeightsPayload =
  | { readonly format: 'v4'; readonly hotkey: Uint8Array; readonly uids: number[]; readonly values: number[]; readonly versionKey: bigint }
  | { readonly format: 'legacy'; readonly uids: number[]; readonly values: number[]; readonly versionKey: bigint };

function invalid(detail: string): never {
  throw timelockErrors.error('TIMELOCK_INPUT_INVALID', detail);
}

function vecU16(values: readonly number[], what: string): Uint8Array {
  for (const v of values) if (!Number.isInteger(v) || v < 0 || v > U16_MAX) invalid(`${what} ${v} is not a u16`);
  return u8aConcat(compactToU8a(values.length), ...values.map((v) => bnToU8a(v, { bitLength: 16, isLe: true })));
}

/** SCALE-encodes the payload; uids and values must pair up, the hotkey must be a 32-byte account. */
export function encodeWeightsPayload(input: WeightsPayloadInput): Uint8Array {
  let hotkey: Uint8Array;
  try {
    hotkey = typeof input.hotkey === 'string' ? decodeAddress(input.hotkey) : input.hotkey;
  } catch (cause) {
    throw timelockErrors.error('TIMELOCK_INPUT_INVALID', 'hotkey is not an SS58 address', { cause });
  }
  if (hotkey.length !== ACCOUNT_LENGTH) invalid('hotkey must be a 32-byte public key');
  if (input.uids.length !== input.values.length) invalid(`${input.uids.length} uids but ${input.values.length} values`);
  const versionKey = BigInt(input.versionKey);
  if (versionKey < 0n || versionKey >= 1n << 64n) invalid('version key must be a u64');
  return u8aConcat(compactToU8a(hotkey.length), hotkey, vecU16(input.uids, 'uid'), vecU16(input.values, 'value'), bnToU8a(versionKey, { bitLength: 64, isLe: true }));
}

/** A forward-only SCALE reader; `undefined` when the bytes run out (SCALE `Decode` fails). */
class Reader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  /** A `Compact<u32>` (how SCALE prefixes a Vec), canonical only, as parity-scale-codec insists. */
  length(): number | undefined {
    const first = this.raw(1)?.[0];
    if (first === undefined) return undefined;
    const mode = first & 0b11;
    if (mode === 0) return first >>> 2;
    if (mode === 3) {
      const raw = first === 0b11 ? this.raw(4) : undefined;
      const value = raw && new DataView(raw.buffer, raw.byteOffset, 4).getUint32(0, true);
      return value !== undefined && value >= 1 << 30 ? value : undefined;
    }
    const rest = this.raw(mode === 1 ? 1 : 3);
    if (rest === undefined) return undefined;
    const value = Math.floor(rest.reduce((acc, byte, i) => acc + byte * 2 ** (8 * (i + 1)), first) / 4);
    return value >= (mode === 1 ? 1 << 6 : 1 << 14) ? value : undefined;
  }

  raw(n: number): Uint8Array | undefined {
    if (this.offset + n > this.bytes.length) return undefined;
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  bytesVec(): Uint8Array | undefined {
    const n = this.length();
    return n === undefined ? undefined : this.raw(n);
  }

  u16Vec(): number[] | undefined {
    const n = this.length();
    if (n === undefined) return undefined;
    const raw = this.raw(2 * n);
    if (raw === undefined) return undefined;
    return Array.from({ length: n }, (_, i) => (raw[2 * i] as number) | ((raw[2 * i + 1] as number) << 8));
  }

  u64(): bigint | undefined {
    const raw = this.raw(8);
    return raw === undefined ? undefined : new DataView(raw.buffer, raw.byteOffset, 8).getBigUint64(0, true);
  }
}

function decodeV4(bytes: Uint8Array): { hotkey: Uint8Array; uids: number[]; values: number[]; versionKey: bigint } | undefined {
  const r = new Reader(bytes);
  const hotkey = r.bytesVec();
  const uids = r.u16Vec();
  const values = r.u16Vec();
  const versionKey = r.u64();
  if (hotkey === undefined || uids === undefined || values === undefined || versionKey === undefined) return undefined;
  return { hotkey, uids, values, versionKey };
}

function decodeLegacy(bytes: Uint8Array): DecodedWeightsPayload | undefined {
  const r = new Reader(bytes);
  const uids = r.u16Vec();
  const values = r.u16Vec();
  const versionKey = r.u64();
  if (uids === undefined || values === undefined || versionKey === undefined) return undefined;
  return { format: 'legacy', uids, values, versionKey };
}

/**
 * Decodes decrypted commit bytes as subtensor does: the v4 struct first, whose hotkey is an
 * AccountId read from the first 32 bytes of the `hotkey` field; when that struct or that AccountId
 * does not decode, the legacy struct. Trailing bytes are ignored (SCALE `decode`, not `decode_all`).
 */
export function decodeWeightsPayload(bytes: Uint8Array): DecodedWeightsPayload {
  const v4 = decodeV4(bytes);
  if (v4 !== undefined && v4.hotkey.length >= ACCOUNT_LENGTH) return { format: 'v4', ...v4, hotkey: v4.hotkey.slice(0, ACCOUNT_LENGTH) };
  const legacy = decodeLegacy(bytes);
  if (legacy === undefined) throw timelockErrors.error('TIMELOCK_PAYLOAD_MALFORMED', `${bytes.length} bytes decode as neither payload format`);
  return legacy;
}
