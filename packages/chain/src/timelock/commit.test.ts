import { hexToU8a } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { QUICKNET } from './beacon';
import { MAX_TIMELOCK_COMMIT_BYTES, TIMELOCK_OVERHEAD_BYTES, timelockCommit } from './commit';
import { decodeWeightsPayload, encodeWeightsPayload } from './payload';
import { timelockDecrypt } from './tlock';

const ROUND_1000_SIGNATURE = hexToU8a('0xb44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39');
const hotkey = Uint8Array.from({ length: 32 }, (_, i) => 7 * i);

function weights(n: number): { uids: number[]; values: number[] } {
  const uids = Array.from({ length: n }, (_, i) => i);
  return { uids, values: uids.map((u) => 65535 - u) };
}

describe('timelockCommit', () => {
  it('opens at the reveal round into the payload the chain decodes, hotkey included', () => {
    const commit = timelockCommit({ hotkeyPublicKey: hotkey, ...weights(3), versionKey: 42, revealRound: 1000 });
    expect(decodeWeightsPayload(timelockDecrypt(commit, ROUND_1000_SIGNATURE))).toEqual({ format: 'v4', hotkey, ...weights(3), versionKey: 42n });
  });

  it.each([
    [1, 291],
    [64, 545],
    [256, 1313],
  ])('%i uids make a %i-byte commit: the payload plus a constant overhead', (n, bytes) => {
    const input = { hotkeyPublicKey: hotkey, ...weights(n), versionKey: 1, revealRound: 1000 };
    const payload = encodeWeightsPayload({ hotkey, ...weights(n), versionKey: 1 });
    const commit = timelockCommit(input);
    expect(commit.length).toBe(payload.length + TIMELOCK_OVERHEAD_BYTES);
    expect(commit.length).toBe(bytes);
  });

  it('fits 1177 weights under the chain bound and refuses 1178', () => {
    const fits = timelockCommit({ hotkeyPublicKey: hotkey, ...weights(1177), versionKey: 1, revealRound: 1000, publicKey: QUICKNET.publicKey });
    expect(fits.length).toBeLessThanOrEqual(MAX_TIMELOCK_COMMIT_BYTES);
    expect(() => timelockCommit({ hotkeyPublicKey: hotkey, ...weights(1178), versionKey: 1, revealRound: 1000 })).toThrow(
      expect.objectContaining({ code: 'TIMELOCK_COMMIT_TOO_LARGE', context: { uids: 1178, bytes: 5001 } }),
    );
  });
});
