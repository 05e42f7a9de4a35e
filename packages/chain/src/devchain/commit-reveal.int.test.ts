/**
 * Commit-reveal on the devchain, sent by a stock @polkadot/api: v2 commits revealed in the right
 * epoch only, with the right hash; v4 timelocked commits opened by the chain itself at the reveal
 * epoch through a drand hook (a stand-in beacon here: the timelock module provides the real one).
 */
import type { ApiPromise } from '@polkadot/api';
import { testColdkey, testKeypair } from '@horde/hotkey';
import { u8aConcat, u8aEq, u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyEpochClock } from '../epochs/epochs';
import { commitHash } from '../weights/commit-hash';
import type { DrandHook } from './reveal-timelocked';
import { createDevchain } from './server';
import type { Devchain } from './server';
import { advanceTo, dispatchErrorName, eventNames, include, stockApi, tx } from './testing';

const NETUID = 1;
const TEMPO = 10;
const clock = legacyEpochClock({ netuid: NETUID, tempo: TEMPO });
const alice = testKeypair('devchain-cr-alice');
const bob = testKeypair('devchain-cr-bob');
const coldkey = testColdkey('devchain-cr').address;

/** First block of the epoch after `block`'s, by subtensor's `get_epoch_index` (commit-reveal's clock). */
const nextEpochStart = (block: number): number => (clock.epochIndex(block) + 1) * (TEMPO + 1) - (NETUID + 1);

/** Stand-in beacon: round r's "signature" is "sig:r"; a ciphertext is "tlk:" + r + ":" + payload. */
const signatureOf = (round: bigint): Uint8Array => stringToU8a(`sig:${round}`);
let beaconRound = 0n;
const drand: DrandHook = {
  pulse: (round) => (round <= beaconRound ? signatureOf(round) : undefined),
  decrypt(ciphertext, signature) {
    const text = new TextDecoder().decode(ciphertext.subarray(0, 24));
    const match = /^tlk:(\d+):/.exec(text);
    if (!match?.[1] || !u8aEq(signature, signatureOf(BigInt(match[1])))) return undefined;
    return ciphertext.subarray(match[0].length);
  },
};
const seal = (round: number, payload: Uint8Array): Uint8Array => u8aConcat(stringToU8a(`tlk:${round}:`), payload);

describe('devchain commit-reveal', () => {
  let devchain: Devchain;
  let api: ApiPromise;
  beforeAll(async () => {
    devchain = await createDevchain({
      blockTimeMs: 0,
      drand,
      subnet: {
        netuid: NETUID,
        tempo: TEMPO,
        neurons: [
          { hotkey: alice.address, coldkey, stake: 100, validator_permit: true },
          { hotkey: bob.address, coldkey, stake: 100, validator_permit: true },
        ],
        hyperparameters: { commit_reveal_weights_enabled: true, commit_reveal_period: 1, weights_rate_limit: 0 },
      },
    });
    api = await stockApi(devchain);
  });
  afterAll(async () => {
    await api?.disconnect();
    await devchain?.close();
  });

  it('set_weights while commit-reveal is on is CommitRevealEnabled', async () => {
    const result = await include(devchain, tx(api, 'subtensorModule', 'setWeights')(NETUID, [0, 1], [1, 1], 0), alice.pair);
    expect(dispatchErrorName(api, result)).toBe('SubtensorModule.CommitRevealEnabled');
  });

  it('commit_weights then reveal_weights: too early, wrong hash, then applied in the reveal epoch', async () => {
    const weights = { netuid: NETUID, uids: [0, 1], values: [65535, 1000], salt: [1, 2, 3, 4, 5, 6, 7, 8], versionKey: 0n };
    const hash = commitHash({ hotkey: alice.address, ...weights });
    advanceTo(devchain, nextEpochStart(devchain.blockNumber()) - 1);
    const committed = await include(devchain, tx(api, 'subtensorModule', 'commitWeights')(NETUID, hash), alice.pair);
    expect(dispatchErrorName(api, committed)).toBeUndefined();
    expect(eventNames(committed)).toEqual(['subtensorModule.WeightsCommitted', 'system.ExtrinsicSuccess']);
    const commitBlock = devchain.blockNumber();
    const [commit] = devchain.state().commits[alice.address] ?? [];
    expect(commit).toMatchObject({ hash, commitBlock, epoch: clock.epochIndex(commitBlock), firstRevealBlock: nextEpochStart(commitBlock) });
    const stored = (await api.query['subtensorModule']?.['weightCommits']?.(NETUID, alice.address))?.toJSON();
    expect(stored).toEqual([[hash, commitBlock, nextEpochStart(commitBlock), nextEpochStart(commitBlock) + TEMPO]]);

    const reveal = (salt: number[]) => tx(api, 'subtensorModule', 'revealWeights')(NETUID, weights.uids, weights.values, salt, 0);
    expect(clock.epochIndex(commitBlock)).toBe(clock.epochIndex(commitBlock + 1));
    expect(dispatchErrorName(api, await include(devchain, reveal(weights.salt), alice.pair))).toBe('SubtensorModule.RevealTooEarly');
    advanceTo(devchain, nextEpochStart(commitBlock) - 1);
    expect(dispatchErrorName(api, await include(devchain, reveal([9, 9]), alice.pair))).toBe('SubtensorModule.InvalidRevealCommitHashNotMatch');
    const revealed = await include(devchain, reveal(weights.salt), alice.pair);
    expect(eventNames(revealed)).toEqual(['subtensorModule.WeightsSet', 'subtensorModule.WeightsRevealed', 'system.ExtrinsicSuccess']);
    expect(devchain.state().weights[0]).toEqual([
      [0, 65535],
      [1, 1000],
    ]);
    expect(devchain.state().commits[alice.address]).toBeUndefined();
    expect(dispatchErrorName(api, await include(devchain, reveal(weights.salt), bob.pair))).toBe('SubtensorModule.NoWeightsCommitFound');
  });

  it('a commit not revealed in its reveal epoch is ExpiredWeightCommit', async () => {
    const weights = { netuid: NETUID, uids: [1], values: [7], salt: [3], versionKey: 0n };
    await include(devchain, tx(api, 'subtensorModule', 'commitWeights')(NETUID, commitHash({ hotkey: bob.address, ...weights })), bob.pair);
    const commitBlock = devchain.blockNumber();
    advanceTo(devchain, nextEpochStart(nextEpochStart(commitBlock)));
    const result = await include(devchain, tx(api, 'subtensorModule', 'revealWeights')(NETUID, [1], [7], [3], 0), bob.pair);
    expect(dispatchErrorName(api, result)).toBe('SubtensorModule.ExpiredWeightCommit');
  });

  it('commit_timelocked_weights: wrong version refused; the chain applies the weights at the reveal epoch once the pulse exists', async () => {
    const commitTimelocked = tx(api, 'subtensorModule', 'commitTimelockedWeights');
    const payload = (hotkey: Uint8Array) => api.createType('(Bytes, Vec<u16>, Vec<u16>, u64)', [u8aToHex(hotkey), [0, 1], [10, 20], 0]).toU8a();
    expect(dispatchErrorName(api, await include(devchain, commitTimelocked(NETUID, u8aToHex(seal(5, payload(bob.publicKey))), 5, 3), bob.pair))).toBe(
      'SubtensorModule.IncorrectCommitRevealVersion',
    );
    const version = (await api.query['subtensorModule']?.['commitRevealWeightsVersion']?.())?.toJSON();
    expect(version).toBe(4);

    advanceTo(devchain, nextEpochStart(devchain.blockNumber()));
    const sealed = seal(5, payload(bob.publicKey));
    const ok = await include(devchain, commitTimelocked(NETUID, u8aToHex(sealed), 5, 4), bob.pair);
    expect(dispatchErrorName(api, ok)).toBeUndefined();
    expect(ok.events.map(({ event }) => [`${event.section}.${event.method}`, event.data.toJSON()])).toEqual([
      ['subtensorModule.TimelockedWeightsCommitted', [bob.address, NETUID, blake2AsHex(sealed, 256), 5]],
      ['system.ExtrinsicSuccess', expect.anything()],
    ]);
    // A commit whose payload names another hotkey is dropped unapplied.
    await include(devchain, commitTimelocked(NETUID, u8aToHex(seal(5, payload(bob.publicKey))), 5, 4), alice.pair);
    const commitBlock = devchain.blockNumber();
    const epoch = clock.epochIndex(commitBlock);
    expect(devchain.state().timelockedCommits.map((c) => [c.hotkey, c.epoch, c.revealRound])).toEqual([
      [bob.address, epoch, '5'],
      [alice.address, epoch, '5'],
    ]);
    const stored = (await api.query['subtensorModule']?.['timelockedWeightCommits']?.(NETUID, epoch))?.toJSON() as unknown[][];
    expect(stored.map((c) => c[0])).toEqual([bob.address, alice.address]);

    const revealStart = nextEpochStart(commitBlock);
    advanceTo(devchain, revealStart);
    expect(devchain.state().timelockedCommits).toHaveLength(2); // no pulse for round 5 yet
    beaconRound = 5n;
    const revealBlock = devchain.produceBlock();
    expect(devchain.state().timelockedCommits).toEqual([]);
    expect(devchain.state().weights[1]).toEqual([
      [0, 32768],
      [1, 65535],
    ]);
    expect(devchain.state().subnet.neurons[1]?.last_update).toBe(revealStart + 1);
    const events = (await (await api.at(revealBlock.hash)).query['system']?.['events']?.()) as unknown as { phase: { isInitialization: boolean }; event: { section: string; method: string; data: { toJSON(): unknown } } }[];
    expect(events.map(({ phase, event }) => [phase.isInitialization, `${event.section}.${event.method}`, event.data.toJSON()])).toEqual([
      [true, 'subtensorModule.WeightsSet', [NETUID, 1]],
      [true, 'subtensorModule.TimelockedWeightsRevealed', [NETUID, bob.address]],
    ]);
    expect(devchain.state().weights[0]).toEqual([
      [0, 65535],
      [1, 1000],
    ]);
  });
});
