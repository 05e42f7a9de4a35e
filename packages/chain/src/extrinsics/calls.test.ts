import { ApiPromise } from '@polkadot/api';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider } from '../test-support/fake-provider';
import { commitTimelockedWeights, commitWeights, requireCall, revealWeights, serveAxon, setCommitment, setWeights, unsupportedCalls, WRITE_CALLS } from './calls';
import { chainErrors } from '../errors';

/** Hand-written SCALE: little-endian fixed-width integers and single-byte compact lengths (< 64). */
function le(value: bigint | number, bytes: number): string {
  let v = BigInt(value);
  let out = '';
  for (let i = 0; i < bytes; i++) {
    out += (v & 0xffn).toString(16).padStart(2, '0');
    v >>= 8n;
  }
  return out;
}
const compactSmall = (n: number): string => le(n << 2, 1);
const vecU16 = (xs: number[]): string => compactSmall(xs.length) + xs.map((x) => le(x, 2)).join('');

let api: ApiPromise;

beforeAll(async () => {
  api = await new ApiPromise({
    provider: new FakeProvider(),
    noInitWarn: true,
    signedExtensions: { SubtensorTransactionExtension: { extrinsic: {}, payload: {} }, DrandPriority: { extrinsic: {}, payload: {} } },
  }).isReadyOrError;
});

afterAll(async () => {
  await api.disconnect();
});

describe('call builders on the spec-343 metadata', () => {
  it('set_weights matches the verified vector of the reference (§2)', () => {
    const call = setWeights(api, { netuid: 1, uids: [0, 5, 9], weights: [65535, 30000, 12], versionKey: 1234 });
    expect(call.method.toHex()).toBe('0x070001000c000005000900' + '0cffff30750c00' + 'd204000000000000');
    expect(call.method.toHex()).toBe(`0x0700${le(1, 2)}${vecU16([0, 5, 9])}${vecU16([65535, 30000, 12])}${le(1234, 8)}`);
  });

  it('serve_axon puts an IPv4 in the u128 with ip_type 4', () => {
    const call = serveAxon(api, { netuid: 12, version: 9_011_001, ip: '1.2.3.4', port: 8091, protocol: 4 });
    const expected = `0x0704${le(12, 2)}${le(9_011_001, 4)}${le(0x01020304, 16)}${le(8091, 2)}04040000`;
    expect(call.method.toHex()).toBe(expected);
  });

  it('serve_axon puts an IPv6 in the u128 with ip_type 6', () => {
    const call = serveAxon(api, { netuid: 12, version: 1, ip: '2001:db8::1', port: 443, protocol: 4, placeholder1: 1, placeholder2: 2 });
    const expected = `0x0704${le(12, 2)}${le(1, 4)}${le(0x20010db8000000000000000000000001n, 16)}${le(443, 2)}06040102`;
    expect(call.method.toHex()).toBe(expected);
  });

  it('commit_weights carries netuid and the raw 32-byte hash (call 96)', () => {
    const hash = `0x${'ab'.repeat(32)}`;
    expect(commitWeights(api, { netuid: 12, commitHash: hash }).method.toHex()).toBe(`0x0760${le(12, 2)}${'ab'.repeat(32)}`);
    expect(commitWeights(api, { netuid: 12, commitHash: hexToU8a(hash) }).method.toHex()).toBe(`0x0760${le(12, 2)}${'ab'.repeat(32)}`);
  });

  it('reveal_weights carries uids, values, salt and version key (call 97)', () => {
    const call = revealWeights(api, { netuid: 12, uids: [1, 70], values: [65535, 3], salt: [9, 255, 0], versionKey: 21706n });
    expect(call.method.toHex()).toBe(`0x0761${le(12, 2)}${vecU16([1, 70])}${vecU16([65535, 3])}${vecU16([9, 255, 0])}${le(21706, 8)}`);
  });

  it('commit_timelocked_weights carries netuid, the ciphertext as Bytes, the round and the version (call 113)', () => {
    const commit = Uint8Array.from({ length: 70 }, (_, i) => i);
    const call = commitTimelockedWeights(api, { netuid: 12, commit, revealRound: 20_000_000n, commitRevealVersion: 4 });
    const compact70 = le((70 << 2) | 1, 2);
    expect(call.method.toHex()).toBe(`0x0771${le(12, 2)}${compact70}${u8aToHex(commit).slice(2)}${le(20_000_000, 8)}${le(4, 2)}`);
    expect(() => commitTimelockedWeights(api, { netuid: 12, commit: new Uint8Array(5001), revealRound: 1, commitRevealVersion: 4 })).toThrow(
      expect.objectContaining({ code: 'WEIGHTS_INPUT_INVALID' }),
    );
  });

  it('set_commitment sends one Raw{len} field of the Commitments pallet', () => {
    const data = new TextEncoder().encode('hello');
    const rawVariant = 1 + data.length; // None = 0, Raw0 = 1, … RawN = N + 1
    const call = setCommitment(api, { netuid: 12, data });
    expect(call.method.toHex()).toBe(`0x1200${le(12, 2)}${compactSmall(1)}${le(rawVariant, 1)}${u8aToHex(data).slice(2)}`);
  });

  it('set_commitment switches to BigRaw past 128 bytes', () => {
    const data = new Uint8Array(200).fill(7);
    const bigRawVariant = 136; // after None, Raw0..Raw128, BlakeTwo256, Sha256, Keccak256, ShaThree256, TimelockEncrypted, ResetBondsFlag
    const compact200 = le((200 << 2) | 1, 2);
    const call = setCommitment(api, { netuid: 3, data });
    expect(call.method.toHex()).toBe(`0x1200${le(3, 2)}${compactSmall(1)}${le(bigRawVariant, 1)}${compact200}${'07'.repeat(200)}`);
  });

  it('refuses calls the runtime does not have, or with another arity', () => {
    expect(() => requireCall(api, 'subtensorModule', 'commitCrv3Weights', 4)).toThrowError(chainErrors.specs.CHAIN_RUNTIME_UNSUPPORTED.message);
    expect(() => requireCall(api, 'subtensorModule', 'setWeights', 5)).toThrow(expect.objectContaining({ code: 'CHAIN_RUNTIME_UNSUPPORTED' }));
    expect(() => requireCall(api, 'noSuchPallet', 'x', 0)).toThrow(expect.objectContaining({ code: 'CHAIN_RUNTIME_UNSUPPORTED', catalog: 'chain' }));
  });

  it('lists the write calls a runtime lacks', () => {
    expect(unsupportedCalls(api)).toEqual([]);
    const extra = [...WRITE_CALLS, { pallet: 'subtensorModule', method: 'commitCrv3Weights', args: 4 }, { pallet: 'subtensorModule', method: 'setWeights', args: 5 }];
    expect(unsupportedCalls(api, extra)).toEqual(['subtensorModule.commitCrv3Weights', 'subtensorModule.setWeights']);
  });

  it('rejects an invalid IP before building', () => {
    expect(() => serveAxon(api, { netuid: 1, version: 1, ip: '1.2.3', port: 1, protocol: 4 })).toThrow(expect.objectContaining({ code: 'AXON_IP_INVALID' }));
  });
});
