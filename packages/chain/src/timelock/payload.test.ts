import { describe, expect, it } from 'vitest';
import { timelockErrors } from './errors';
import { decodeWeightsPayload, encodeWeightsPayload } from './payload';
import { compact, le, vecU16 } from '../test-support/scale-writer';

const hotkey = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i);

describe('WeightsTlockPayload SCALE', () => {
  it('encodes (hotkey Vec<u8>, uids Vec<u16>, values Vec<u16>, version_key u64) byte for byte', () => {
    const encoded = encodeWeightsPayload({ hotkey, uids: [0, 5, 300], values: [65535, 30000, 12], versionKey: 2_051_000n });
    const expected = [0x80, ...hotkey, ...vecU16([0, 5, 300]), ...vecU16([65535, 30000, 12]), ...le(2_051_000n, 8)];
    expect([...encoded]).toEqual(expected);
    expect(encoded[0]).toBe(0x80);
  });

  it('uses the two-byte compact for 64 or more weights and accepts an SS58 hotkey', () => {
    const uids = Array.from({ length: 256 }, (_, i) => i);
    const values = uids.map((u) => (u * 251) % 65536);
    const ss58 = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'; // Alice
    const encoded = encodeWeightsPayload({ hotkey: ss58, uids, values, versionKey: 1 });
    expect([...encoded.subarray(33, 35)]).toEqual(compact(256));
    expect(encoded.length).toBe(1 + 32 + 2 + 512 + 2 + 512 + 8);
  });

  it('decodes what it encodes, with the hotkey', () => {
    const input = { hotkey, uids: [1, 2, 3], values: [10, 20, 65535], versionKey: (1n << 64n) - 1n };
    expect(decodeWeightsPayload(encodeWeightsPayload(input))).toEqual({ format: 'v4', ...input });
  });

  it('decodes like the chain: legacy payloads, short hotkeys as legacy, trailing bytes ignored', () => {
    const legacy = Uint8Array.from([...vecU16([4, 7]), ...vecU16([100, 200]), ...le(9, 8)]);
    expect(decodeWeightsPayload(legacy)).toEqual({ format: 'legacy', uids: [4, 7], values: [100, 200], versionKey: 9n });
    const withTail = Uint8Array.from([...encodeWeightsPayload({ hotkey, uids: [1], values: [2], versionKey: 3 }), 0xde, 0xad]);
    expect(decodeWeightsPayload(withTail)).toMatchObject({ format: 'v4', uids: [1], values: [2], versionKey: 3n });
    // a v4 struct whose hotkey field holds more than an AccountId: the chain reads the first 32 bytes
    const longHotkey = Uint8Array.from([...compact(33), ...hotkey, 0x01, ...vecU16([1]), ...vecU16([2]), ...le(3, 8)]);
    expect(decodeWeightsPayload(longHotkey)).toMatchObject({ format: 'v4', hotkey });
  });

  it('rejects bytes that are neither format, and non-canonical compacts', () => {
    for (const bad of [new Uint8Array(0), Uint8Array.from([0x80, 1, 2]), Uint8Array.from([...vecU16([1]), ...vecU16([2]), 1, 2, 3])]) {
      expect(() => decodeWeightsPayload(bad)).toThrow(expect.objectContaining({ code: 'TIMELOCK_PAYLOAD_MALFORMED' }));
    }
    // compact 1 written in two-byte mode is not canonical: SCALE refuses it
    const nonCanonical = Uint8Array.from([...le((1 << 2) | 1, 2), ...le(7, 2), ...vecU16([2]), ...le(3, 8)]);
    expect(() => decodeWeightsPayload(nonCanonical)).toThrow(expect.objectContaining({ code: 'TIMELOCK_PAYLOAD_MALFORMED' }));
  });

  it('refuses to encode what the chain would not apply', () => {
    const base = { hotkey, uids: [1], values: [2], versionKey: 0 };
    for (const bad of [{ ...base, hotkey: hotkey.subarray(1) }, { ...base, hotkey: 'not-an-address' }, { ...base, values: [65536] }, { ...base, uids: [-1] }, { ...base, values: [1, 2] }, { ...base, versionKey: -1 }, { ...base, versionKey: 1n << 64n }]) {
      let thrown: unknown;
      try {
        encodeWeightsPayload(bad);
      } catch (err) {
        thrown = err;
      }
      expect(timelockErrors.is(thrown, 'TIMELOCK_INPUT_INVALID'), JSON.stringify(bad, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe(true);
    }
  });
});
