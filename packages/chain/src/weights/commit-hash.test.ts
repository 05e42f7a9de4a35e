import { blake2AsU8a, cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitHash, commitPreimage, generateSalt, SALT_LENGTH } from './commit-hash';
import { le, vecU16 } from '../test-support/scale-writer';

const pub = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

beforeAll(async () => {
  await cryptoWaitReady();
});

describe('CR-v2 commit hash', () => {
  it('hashes exactly (account, netuid u16, uids, values, salt, version_key u64)', () => {
    const input = { hotkey: encodeAddress(pub, 42), netuid: 12, uids: [0, 3, 300], values: [65535, 1, 20000], salt: [7, 0, 255, 1, 2, 3, 4, 5], versionKey: 21706n };
    const bytes = Uint8Array.from([...pub, ...le(12, 2), ...vecU16([0, 3, 300]), ...vecU16([65535, 1, 20000]), ...vecU16([7, 0, 255, 1, 2, 3, 4, 5]), ...le(21706, 8)]);
    expect(commitPreimage(input)).toEqual(bytes);
    expect(commitHash(input)).toBe(u8aToHex(blake2AsU8a(bytes, 256)));
    expect(commitHash({ ...input, hotkey: pub })).toBe(commitHash(input));
  });

  it('uses two-byte compact lengths past 63 entries', () => {
    const uids = Array.from({ length: 100 }, (_, i) => i);
    const values = uids.map((u) => u * 600);
    const input = { hotkey: pub, netuid: 1, uids, values, salt: [1], versionKey: 0 };
    const bytes = Uint8Array.from([...pub, 1, 0, 0x91, 0x01, ...uids.flatMap((u) => le(u, 2)), 0x91, 0x01, ...values.flatMap((v) => le(v, 2)), 4, 1, 0, ...le(0, 8)]);
    expect(commitPreimage(input)).toEqual(bytes);
    expect(commitHash(input)).toBe(u8aToHex(blake2AsU8a(bytes, 256)));
  });

  it('changes with any input and rejects values out of range', () => {
    const input = { hotkey: pub, netuid: 1, uids: [1], values: [2], salt: [3], versionKey: 4 };
    expect(commitHash({ ...input, salt: [4] })).not.toBe(commitHash(input));
    expect(() => commitHash({ ...input, values: [65536] })).toThrow(expect.objectContaining({ code: 'WEIGHTS_INPUT_INVALID' }));
    expect(() => commitHash({ ...input, versionKey: -1 })).toThrow(expect.objectContaining({ code: 'WEIGHTS_INPUT_INVALID' }));
    expect(() => commitHash({ ...input, hotkey: pub.slice(1) })).toThrow(expect.objectContaining({ code: 'WEIGHTS_INPUT_INVALID' }));
  });

  it('generates salts like bittensor: 8 values in 0..255', () => {
    const salt = generateSalt();
    expect(salt).toHaveLength(SALT_LENGTH);
    expect(salt.every((s) => Number.isInteger(s) && s >= 0 && s < 256)).toBe(true);
    expect(generateSalt(16)).toHaveLength(16);
  });
});
