import { hexToU8a } from '@polkadot/util';
import { bls12_381 } from '@noble/curves/bls12-381';
import { describe, expect, it } from 'vitest';
import { latestRound, QUICKNET, QUICKNET_DST, roundIdentity } from './beacon';
import { timelockCommit } from './commit';
import { devBeacon } from './dev-beacon';
import { decodeWeightsPayload } from './payload';
import { timelockDecrypt, timelockEncrypt } from './tlock';

const ROUND_1000_SIGNATURE = hexToU8a('0xb44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39');
const payload = new TextEncoder().encode('devnet weights');

describe('devBeacon', () => {
  it('signs the way quicknet does: the same check accepts the real round-1000 pulse and a devnet pulse', () => {
    const { shortSignatures } = bls12_381;
    expect(shortSignatures.verify(ROUND_1000_SIGNATURE, shortSignatures.hash(roundIdentity(1000), QUICKNET_DST), QUICKNET.publicKey)).toBe(true);
    const beacon = devBeacon('seed');
    expect(shortSignatures.verify(beacon.pulse(1000), shortSignatures.hash(roundIdentity(1000), QUICKNET_DST), beacon.publicKey)).toBe(true);
  });

  it('a commit to its public key opens with its pulse for that round, and only that round', () => {
    const beacon = devBeacon('devchain');
    const ciphertext = timelockEncrypt(payload, 4242, { publicKey: beacon.publicKey });
    expect(timelockDecrypt(ciphertext, beacon.pulse(4242))).toEqual(payload);
    expect(() => timelockDecrypt(ciphertext, beacon.pulse(4241))).toThrow(expect.objectContaining({ code: 'TIMELOCK_DECRYPT_FAILED' }));
    const next = timelockEncrypt(payload, 4243, { publicKey: beacon.publicKey });
    expect(() => timelockDecrypt(next, beacon.pulse(4242))).toThrow(expect.objectContaining({ code: 'TIMELOCK_DECRYPT_FAILED' }));
  });

  it('opens weights commits made for the devchain', () => {
    const beacon = devBeacon('devchain');
    const hotkey = new Uint8Array(32).fill(9);
    const commit = timelockCommit({ hotkeyPublicKey: hotkey, uids: [0, 1], values: [65535, 100], versionKey: 7, revealRound: 12, publicKey: beacon.publicKey });
    expect(decodeWeightsPayload(timelockDecrypt(commit, beacon.pulse(12)))).toEqual({ format: 'v4', hotkey, uids: [0, 1], values: [65535, 100], versionKey: 7n });
  });

  it('is deterministic from the seed, and seeds do not share keys', () => {
    const a = devBeacon('alpha');
    expect(devBeacon('alpha').publicKey).toEqual(a.publicKey);
    expect(devBeacon(new TextEncoder().encode('alpha')).pulse(5)).toEqual(a.pulse(5));
    expect(devBeacon('beta').publicKey).not.toEqual(a.publicKey);
    expect(a.publicKey).toHaveLength(96);
    expect(a.pulse(5)).toHaveLength(48);
    const other = timelockEncrypt(payload, 5, { publicKey: devBeacon('beta').publicKey });
    expect(() => timelockDecrypt(other, a.pulse(5))).toThrow(expect.objectContaining({ code: 'TIMELOCK_DECRYPT_FAILED' }));
  });

  it('has quicknet timing unless given its own; latestRound follows it', () => {
    expect(devBeacon('x')).toMatchObject({ genesis: QUICKNET.genesis, period: 3 });
    const fast = devBeacon('x', { genesis: 100, period: 1 });
    expect([latestRound(fast, 99), latestRound(fast, 100), latestRound(fast, 100.9), latestRound(fast, 105)]).toEqual([0, 1, 1, 6]);
  });
});
