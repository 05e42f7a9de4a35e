import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDevchain } from '@horde/chain';
import type { Devchain } from '@horde/chain';
import { sampleValue } from '@horde/service';
import { TEST_WALLETS, testColdkey, waitFor } from '@horde/testkit';
import type { FakeExecutor, FakeValidator } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { minerTemplate, startTestMiner } from '../test-support/harness';
import type { TestMiner } from '../test-support/harness';

/*
 * The miner's /metrics and /version as a scraper sees them, after real traffic over real sockets:
 * fake validators and a fake executor speaking the protocol to a real miner (accept, busy decline,
 * blacklisted decline, a refused auth, a whole job), and its chain work on a devchain.
 */
const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_metrics' });
const { validator2 } = TEST_WALLETS;
const SCARCE = 'always_on.cpu.8c.16gb';

const httpBase = (miner: TestMiner): string => miner.url.replace(/^ws:/, 'http:');
const scrape = async (miner: TestMiner): Promise<string> => (await fetch(`${httpBase(miner)}/metrics`)).text();
const peers: Array<FakeValidator | FakeExecutor> = [];

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

describe('miner metrics: jobs and validators', () => {
  let miner: TestMiner;

  beforeAll(async () => {
    miner = await startTestMiner({ databaseUrl: db.url, manifest: { 'always_on.test': 50, [SCARCE]: 1 } });
    await miner.validators.add(validator2.address, 'cli');
  });
  afterAll(async () => {
    await miner?.close();
  });

  async function authenticated(options: Parameters<TestMiner['connectValidator']>[0] = {}): Promise<FakeValidator> {
    const peer = await miner.connectValidator(options);
    peers.push(peer);
    await peer.authenticate();
    return peer;
  }

  it('count job requests by outcome, finished jobs, executor startups, refused auths and executors and validators', async () => {
    const holder = await authenticated();
    holder.sendInitialJob({ executorClass: SCARCE });
    await holder.next('V0AcceptJobRequest');
    const second = await authenticated({ validator: validator2 });
    second.sendInitialJob({ executorClass: SCARCE });
    expect(await second.next('V0DeclineJobRequest')).toMatchObject({ reason: 'busy' });
    await miner.validators.blacklist(validator2.address, 'test');
    second.sendInitialJob();
    expect(await second.next('V0DeclineJobRequest')).toMatchObject({ reason: 'validator_blacklisted' });

    const stale = await miner.connectValidator();
    peers.push(stale);
    stale.auth({ timestamp: Math.floor(Date.now() / 1000) - 11 });
    await stale.closed;

    const jobUuid = randomUUID();
    const runner = await miner.connectValidator();
    peers.push(runner);
    const run = runner.runJob({ jobUuid, cmd: ['echo', 'hi'] });
    const token = await miner.tokenOf(jobUuid);
    const executor = await miner.connectExecutor(token);
    peers.push(executor);
    await executor.next('V0InitialJobRequest');
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid, executor_token: token });
    await executor.next('V0JobRequest');
    executor.send({ message_type: 'V0JobFinishedRequest', job_uuid: jobUuid, docker_process_stdout: 'hi\n', docker_process_stderr: '' });
    expect((await run).outcome).toBe('finished');

    const text = await scrape(miner);
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(text, `horde_miner_${name}`, labels);
    expect(value('job_requests_total', { outcome: 'accepted' })).toBe(2);
    expect(value('job_requests_total', { outcome: 'declined', reason: 'busy' })).toBe(1);
    expect(value('job_requests_total', { outcome: 'declined', reason: 'validator_blacklisted' })).toBe(1);
    expect(value('jobs_finished_total', { status: 'finished', reason: 'none' })).toBe(1);
    expect(value('jobs_finished_total', { status: 'rejected', reason: 'busy' })).toBe(1);
    expect(value('executor_startup_seconds_count', { executor_class: 'always_on.test' })).toBe(1);
    expect(value('validator_auth_failures_total', { reason: 'AUTH_TIMESTAMP_STALE' })).toBe(1);
    expect(value('executors_busy', { executor_class: SCARCE })).toBe(1);
    expect(value('executors_available', { executor_class: SCARCE })).toBe(0);
    expect(value('validators_allowed')).toBe(1);
    expect(text).not.toContain(validator2.address);
    await miner.validators.unblacklist(validator2.address);
    expect(sampleValue(await scrape(miner), 'horde_miner_validators_allowed')).toBe(2);
  });

  it('serves /version with the package version and the executor-classes feature', async () => {
    const body = await (await fetch(`${httpBase(miner)}/version`)).json();
    expect(body).toMatchObject({ name: '@horde/miner', version: '0.1.0', node: process.versions.node, features: ['executor-classes'] });
  });
});

describe('miner metrics: chain work', () => {
  let devchain: Devchain;
  let miner: TestMiner;

  afterAll(async () => {
    await miner?.close();
    await devchain?.close();
  });

  it('count axon announcements and manifest commitments by result', async () => {
    devchain = await createDevchain({ blockTimeMs: 100, subnet: { netuid: 12, tempo: 10, neurons: [{ hotkey: TEST_WALLETS.miner.address, coldkey: testColdkey('miner').address }] } });
    miner = await startTestMiner({
      databaseUrl: db.url,
      blockTimeMs: 100,
      chain: { endpoint: devchain.url, netuid: 12, validatorMinStake: 1000, validatorsRefreshMs: 3_600_000, announce: { ip: '127.0.0.2', port: undefined, intervalMs: 3_600_000 }, manifestCommitIntervalMs: 3_600_000 },
    });
    await waitFor(async () => {
      const text = await scrape(miner);
      return sampleValue(text, 'horde_miner_axon_announcements_total', { result: 'served' }) === 1 && sampleValue(text, 'horde_miner_manifest_commitments_total', { result: 'committed' }) === 1;
    }, { what: 'the first announcement and commitment counted', timeoutMs: 15_000 });
    await miner.chainWork!.announcer!.runNow();
    await miner.chainWork!.manifestCommitment.runNow();
    const text = await scrape(miner);
    expect(sampleValue(text, 'horde_miner_axon_announcements_total', { result: 'unchanged' })).toBe(1);
    expect(sampleValue(text, 'horde_miner_manifest_commitments_total', { result: 'unchanged' })).toBe(1);
  }, 30_000);
});
