import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, ensureBusyboxImage, requireDocker, waitFor } from '@horde/testkit';
import { sampleValue } from '@horde/service';
import { startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';
import { startRealMiner } from '../test-support/real-miner';
import type { RealMiner } from '../test-support/real-miner';

/*
 * The validator's /metrics and /version as a scraper sees them, after real jobs: one failed over
 * from an unreachable miner to a real one (process executor, job container on the local Docker
 * engine) and completed, one rejected with no_miner_for_job.
 */
const CLASS = 'always_on.test';

let good: RealMiner;
let validator: TestValidator;
let image: string;

beforeAll(async () => {
  const docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
  good = await startRealMiner({ hotkey: TEST_WALLETS.miner, docker, executorClass: CLASS });
}, 120_000);

afterAll(async () => {
  await validator?.close();
  await good?.close();
});

const scrape = async (): Promise<string> => (await fetch(`${validator.url}/metrics`)).text();

async function run(body: Record<string, unknown>): Promise<string> {
  const watched = await validator.watch(body.uuid as string);
  expect((await validator.api('/admin/v1/jobs', { body })).status).toBe(201);
  return (await watched.ended).status;
}

describe('validator metrics', () => {
  it('count a failed-over completed job and a no_miner_for_job rejection, with stage and job durations', async () => {
    const closed = { hotkey: TEST_WALLETS.miner3.address, port: 1 };
    // The weighted shuffle picks the unreachable miner first (equal weights, candidates by hotkey).
    const first = [closed.hotkey, good.hotkey].sort().indexOf(closed.hotkey);
    validator = await startTestValidator({ random: () => (first + 0.5) / 2 });
    for (const miner of [good, closed]) await validator.app.miners.upsert({ hotkey: miner.hotkey, address: '127.0.0.1', port: miner.port, source: 'cli' });
    await validator.app.miners.saveManifest(closed.hotkey, { [CLASS]: 1 }, new Date());

    const common = { image, download_time_limit: 10, execution_time_limit: 30, upload_time_limit: 10 };
    expect(await run({ uuid: randomUUID(), executor_class: CLASS, args: ['echo', 'hi'], ...common })).toBe('completed');
    expect(await run({ uuid: randomUUID(), executor_class: 'always_on.gpu-24gb', ...common })).toBe('rejected');
    // The worker records the duration just after the final status is published.
    await waitFor(async () => sampleValue(await scrape(), 'horde_validator_job_duration_seconds_count') === 2, { what: 'both job runs timed', timeoutMs: 10_000 });

    const text = await scrape();
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(text, `horde_validator_${name}`, labels);
    expect(value('jobs_total', { status: 'completed', reason: 'none' })).toBe(1);
    expect(value('jobs_total', { status: 'rejected', reason: 'no_miner_for_job' })).toBe(1);
    expect(value('jobs_total')).toBe(2);
    expect(value('job_duration_seconds_count', { status: 'completed' })).toBe(1);
    expect(value('job_duration_seconds_count', { status: 'rejected' })).toBe(1);
    for (const stage of ['accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'completed']) expect(value('job_stage_seconds_count', { stage })).toBe(1);
    expect(value('routing_picks_total', { executor_class: CLASS })).toBe(2);
    expect(value('routing_no_miner_total', { executor_class: 'always_on.gpu-24gb' })).toBe(1);
    expect(value('failovers_total', { outcome: 'horde_failed' })).toBe(1);
    expect(value('miner_incidents_total', { type: 'MINER_HORDE_FAILED' })).toBe(1);
    expect(value('miners_active')).toBe(2);
    expect(value('miners_blacklisted')).toBe(1);
    expect(text).not.toContain(closed.hotkey);
    await waitFor(() => good.pool.busyCount(CLASS) === 0, { what: 'executor slot freed', timeoutMs: 30_000 });
  }, 180_000);

  it('serves /version with the package version and the cancel feature', async () => {
    const response = await fetch(`${validator.url}/version`);
    expect(await response.json()).toMatchObject({ name: '@horde/validator', version: '0.1.0', node: process.versions.node, features: ['cancel'] });
  });
});
