import { afterEach, describe, expect, it } from 'vitest';
import { commitRevealWindows, createChainClient, createDevchain, decodeWeightsPayload, devBeacon, inRange, latestRound, legacyEpochClock, timelockDecrypt } from '@horde/chain';
import type { ChainClient, Devchain, DevchainOptions, SubnetInput } from '@horde/chain';
import { TEST_WALLETS, testColdkey, waitFor } from '@horde/testkit';
import { WeightsRepo } from '../../db/weights';
import { logger, startTestValidator } from '../../test-support/harness';
import type { TestValidator } from '../../test-support/harness';
import type { ScoreSource } from './score-source';
import { beaconTimelock } from './timelock';
import { WeightSetter } from './weight-setter';
import type { WeightSetterOptions } from './weight-setter';
import { weightWindows } from './windows';

/*
 * The weight-setting task against a real devchain (100 ms blocks, tempo 10: a 22-block interval with
 * its commit window at [11, 20)): CR-v2 commit inside the window with the hash of the persisted
 * record, once per cycle, revealed in the next epoch by a restarted task (record from the database)
 * so that the devchain holds the weights; set_weights when commit-reveal is off; a non-retryable
 * chain error ends the cycle as failed.
 */
const NETUID = 12;
const TEMPO = 10;
const { validator: vKey, miner, miner2 } = TEST_WALLETS;
const scores: ScoreSource = { scores: async () => new Map([[miner.address, 3], [miner2.address, 1], ['5NotRegistered', 9]]) };

function subnet(hyperparameters: SubnetInput['hyperparameters'], withValidator = true, validatorLastUpdate = 0): SubnetInput {
  return {
    netuid: NETUID,
    tempo: TEMPO,
    neurons: [
      ...(withValidator ? [{ hotkey: vKey.address, coldkey: testColdkey('validator').address, stake: 1000, validator_permit: true, last_update: validatorLastUpdate }] : []),
      { hotkey: miner.address, coldkey: testColdkey('miner').address, axon: { ip: '10.0.0.1', port: 8000 } },
      { hotkey: miner2.address, coldkey: testColdkey('miner2').address, axon: { ip: '10.0.0.2', port: 8000 } },
    ],
    hyperparameters: { weights_rate_limit: 0, ...hyperparameters },
  };
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A devchain serving `input` and a validator database of its own (cycles restart at block 0 on each devchain). */
async function devchainWith(input: SubnetInput, drand?: DevchainOptions['drand']): Promise<{ devchain: Devchain; validator: TestValidator; repo: WeightsRepo }> {
  const validator = await startTestValidator({ worker: false });
  cleanups.push(() => validator.close());
  const devchain = await createDevchain({ subnet: input, blockTimeMs: 100, ...(drand ? { drand } : {}) });
  cleanups.push(() => devchain.close());
  return { devchain, validator, repo: new WeightsRepo(validator.handle.db) };
}

async function setterOn({ devchain, validator, repo }: Awaited<ReturnType<typeof devchainWith>>, options: Partial<WeightSetterOptions> = {}): Promise<{ setter: WeightSetter; chain: ChainClient }> {
  const chain = await createChainClient({ endpoint: devchain.url, retry: { attempts: 2, timeoutMs: 5_000 } });
  cleanups.push(() => chain.close());
  const setter = new WeightSetter({ db: validator.handle.db, chain, writer: chain.writer(vKey.pair, { inclusionTimeoutMs: 10_000 }), hotkeyPublicKey: vKey.publicKey, weights: repo, scores, netuid: NETUID, tickMs: 50, logger, ...options });
  return { setter, chain };
}

const windowsOf = (block: number): ReturnType<typeof commitRevealWindows> => commitRevealWindows(block, weightWindows(TEMPO));
const clock = legacyEpochClock({ netuid: NETUID, tempo: TEMPO });

describe('weight setting on a devchain', () => {
  it('CR v2: commits in the window (hash of the saved record), once per cycle; a restarted task reveals in the next epoch', async () => {
    const env = await devchainWith(subnet({ commit_reveal_weights_enabled: true, commit_reveal_period: 1 }));
    const { devchain, repo } = env;
    const first = await setterOn(env, { mode: 'v2' });

    const attempted = await waitFor(async () => {
      const result = await first.setter.tick();
      return result.action === 'attempted' && result.status !== 'pending' ? result : undefined;
    }, { what: 'a finished weight-setting attempt', timeoutMs: 20_000, intervalMs: 50 });
    expect(attempted.status).toBe('done');
    expect(inRange(attempted.block, windowsOf(attempted.block).commit)).toBe(true);

    const [commit] = await repo.commits();
    expect(commit).toMatchObject({ status: 'committed', cycleStart: attempted.cycleStart });
    const commits = devchain.extrinsics().filter((x) => x.call === 'commit_weights');
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ signer: vKey.address, success: true, args: { netuid: NETUID, commit_hash: commit!.commitHash } });
    expect(commits[0]!.block).toBe(commit!.commitBlock);
    expect(inRange(commits[0]!.block, windowsOf(attempted.block).commit)).toBe(true);
    const row = await repo.cycle(attempted.cycleStart);
    expect(row).toMatchObject({ status: 'done', mode: 'v2', uids: [1, 2], weights: [65535, 21845] });
    expect(row!.attempts.at(-1)).toMatchObject({ outcome: 'sent', mode: 'v2' });

    // Same cycle: no second commit.
    expect(await first.setter.tick()).toMatchObject({ action: 'already-set' });
    expect(devchain.extrinsics().filter((x) => x.call === 'commit_weights')).toHaveLength(1);

    // "Restart": a new client, writer and task on the same database reveal the stored commit.
    await first.chain.close();
    const second = await setterOn(env, { mode: 'v2' });
    await waitFor(async () => {
      await second.setter.tick();
      return (await repo.commits())[0]?.status === 'revealed';
    }, { what: 'the commit revealed', timeoutMs: 20_000, intervalMs: 50 });
    const reveal = devchain.extrinsics().find((x) => x.call === 'reveal_weights');
    expect(reveal).toMatchObject({ signer: vKey.address, success: true, args: { netuid: NETUID, uids: [1, 2], values: [65535, 21845] } });
    expect(clock.epochIndex(reveal!.block)).toBe(clock.epochIndex(commits[0]!.block) + 1);
    expect(devchain.state().weights[0]).toEqual([
      [1, 65535],
      [2, 21845],
    ]);
    expect((await repo.commits())[0]).toMatchObject({ revealBlock: reveal!.block, revealTxHash: reveal!.hash });
  }, 60_000);

  it('commit-reveal off: set_weights once in the window', async () => {
    const env = await devchainWith(subnet({ commit_reveal_weights_enabled: false }));
    const { devchain, repo } = env;
    const { setter } = await setterOn(env);
    const attempted = await waitFor(async () => {
      const result = await setter.tick();
      return result.action === 'attempted' && result.status !== 'pending' ? result : undefined;
    }, { what: 'a finished weight-setting attempt', timeoutMs: 20_000, intervalMs: 50 });
    expect(attempted.status).toBe('done');
    const sets = devchain.extrinsics().filter((x) => x.call === 'set_weights');
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ signer: vKey.address, success: true, args: { netuid: NETUID, dests: [1, 2], weights: [65535, 21845] } });
    expect(inRange(sets[0]!.block, windowsOf(attempted.block).commit)).toBe(true);
    expect(devchain.state().weights[0]).toEqual([
      [1, 65535],
      [2, 21845],
    ]);
    expect(await repo.cycle(attempted.cycleStart)).toMatchObject({ status: 'done', mode: 'set', txBlock: sets[0]!.block });
    expect(await setter.tick()).toMatchObject({ action: expect.stringMatching(/already-set|outside-window/) });
    expect(devchain.extrinsics().filter((x) => x.call === 'set_weights')).toHaveLength(1);
  }, 60_000);

  it('a retryable chain error (rate limit) leaves the cycle pending; a later tick in the window sets the weights', async () => {
    // Weights last set at block 5, 9 blocks between settings: rate-limited until block 14, the window is [11, 20).
    const env = await devchainWith(subnet({ commit_reveal_weights_enabled: false, weights_rate_limit: 9 }, true, 5));
    const { setter } = await setterOn(env);
    const attempted = await waitFor(async () => {
      const result = await setter.tick();
      return result.action === 'attempted' && result.status === 'done' ? result : undefined;
    }, { what: 'weights set after the rate limit', timeoutMs: 20_000, intervalMs: 50 });
    const row = await env.repo.cycle(attempted.cycleStart);
    expect(row).toMatchObject({ status: 'done', mode: 'set', error: null });
    const outcomes = row!.attempts.map((attempt) => attempt.outcome);
    expect(outcomes.at(-1)).toBe('sent');
    expect(outcomes.slice(0, -1).length).toBeGreaterThan(0);
    expect(row!.attempts.slice(0, -1)).toEqual(outcomes.slice(0, -1).map(() => expect.objectContaining({ outcome: 'retry', error: 'TX_RATE_LIMITED' })));
    const sets = env.devchain.extrinsics().filter((x) => x.call === 'set_weights' && x.success);
    expect(sets).toHaveLength(1);
    expect(sets[0]!.block - 5).toBeGreaterThanOrEqual(9);
  }, 60_000);

  it('a non-retryable chain error (hotkey not registered) ends the cycle as failed, recorded, not retried', async () => {
    const env = await devchainWith(subnet({ commit_reveal_weights_enabled: false }, false));
    const { setter } = await setterOn(env);
    const attempted = await waitFor(async () => {
      const result = await setter.tick();
      return result.action === 'attempted' && result.status !== 'pending' ? result : undefined;
    }, { what: 'a finished weight-setting attempt', timeoutMs: 20_000, intervalMs: 50 });
    expect(attempted.status).toBe('failed');
    const row = await env.repo.cycle(attempted.cycleStart);
    expect(row).toMatchObject({ status: 'failed', mode: 'set', error: 'TX_NOT_REGISTERED' });
    expect(row!.attempts.at(-1)).toMatchObject({ outcome: 'failed', error: 'TX_NOT_REGISTERED' });
    expect(await setter.tick()).toMatchObject({ action: expect.stringMatching(/already-set|outside-window/) });
    expect(env.devchain.extrinsics().filter((x) => x.call === 'set_weights')).toHaveLength(1);
  }, 60_000);

  it('CR v4: commit_timelocked_weights with version 4, a ciphertext that opens to our weights; the devchain reveals it', async () => {
    // A fast devnet beacon (a round every 0.5 s), the devchain opening commits with its pulses.
    const beacon = devBeacon('validator weights test', { genesis: Math.floor(Date.now() / 1000) - 60, period: 0.5 });
    const pulse = (round: number): Uint8Array | undefined => (latestRound(beacon, Date.now() / 1000) >= round ? beacon.pulse(round) : undefined);
    const drand = {
      pulse: (round: bigint) => pulse(Number(round)),
      decrypt: (ciphertext: Uint8Array, signature: Uint8Array) => {
        try {
          return timelockDecrypt(ciphertext, signature);
        } catch {
          return undefined;
        }
      },
    };
    const env = await devchainWith(subnet({ commit_reveal_weights_enabled: true, commit_reveal_period: 1 }), drand);
    const { setter } = await setterOn(env, { timelock: beaconTimelock(async () => beacon, { blockTimeSeconds: 0.1 }) });
    const attempted = await waitFor(async () => {
      const result = await setter.tick();
      return result.action === 'attempted' && result.status !== 'pending' ? result : undefined;
    }, { what: 'a finished weight-setting attempt', timeoutMs: 20_000, intervalMs: 50 });
    expect(attempted.status).toBe('done');

    const commits = env.devchain.extrinsics().filter((x) => x.call === 'commit_timelocked_weights');
    expect(commits).toHaveLength(1);
    const tx = commits[0]!;
    expect(tx).toMatchObject({ signer: vKey.address, success: true, args: { netuid: NETUID, commit_reveal_version: 4 } });
    expect(inRange(tx.block, windowsOf(attempted.block).commit)).toBe(true);
    const round = Number(tx.args['reveal_round']);
    expect(await env.repo.cycle(attempted.cycleStart)).toMatchObject({ status: 'done', mode: 'v4', revealRound: String(round), txBlock: tx.block });
    const signature = await waitFor(() => pulse(round), { what: `beacon round ${round}`, timeoutMs: 10_000 });
    const payload = decodeWeightsPayload(timelockDecrypt(Buffer.from((tx.args['commit'] as string).slice(2), 'hex'), signature));
    expect(payload).toMatchObject({ format: 'v4', hotkey: vKey.publicKey, uids: [1, 2], values: [65535, 21845], versionKey: 0n });
    expect(env.devchain.extrinsics().filter((x) => x.call === 'commit_weights' || x.call === 'reveal_weights')).toEqual([]);

    await waitFor(() => env.devchain.state().weights[0]?.length === 2, { what: 'the chain revealing the timelocked weights', timeoutMs: 15_000 });
    expect(env.devchain.state().weights[0]).toEqual([
      [1, 65535],
      [2, 21845],
    ]);
  }, 60_000);
});
