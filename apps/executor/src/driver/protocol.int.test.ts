import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@horde/service';
import { ensureBusyboxImage, requireDocker, waitFor } from '@horde/testkit';
import { startFakeMiner } from '../test-support/fake-miner';
import type { FakeMiner } from '../test-support/fake-miner';
import { containersOf, startExecutor } from '../test-support/harness';
import { initialJobRequest, jobRequest, newJobUuid } from '../test-support/messages';

const logger = createLogger({ name: 'executor-test', level: 'silent' });
let docker: Docker;
let image: string;
let tempRoot: string;
let miner: FakeMiner;

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
});
beforeEach(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), 'horde-executor-test-'));
  miner = await startFakeMiner(logger);
});
afterEach(async () => {
  await miner.close();
  await rm(tempRoot, { recursive: true, force: true });
});

describe('executor ↔ miner protocol (real Docker, fake miner)', () => {
  it('answers a job request before the initial one, and a duplicate initial, with GenericError; the job goes on', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    miner.send(jobRequest(uuid, image, ['echo', 'early']));
    expect((await miner.expect('GenericError')).details).toMatch(/job request before an initial job request/);
    miner.send(initialJobRequest(uuid, { docker_image: image }));
    await miner.expect('V0ExecutorReadyRequest');
    miner.send(initialJobRequest(uuid, { docker_image: image }));
    expect((await miner.expect('GenericError')).details).toMatch(/duplicate initial job request/);
    miner.send(jobRequest(uuid, image, ['echo', 'on time']));
    await miner.expect('V0VolumesReadyRequest');
    await miner.expect('V0ExecutionDoneRequest', 20_000);
    await miner.expect('V0MachineSpecsRequest');
    expect((await miner.expect('V0JobFinishedRequest')).docker_process_stdout).toBe('on time\n');
    expect((await executor.done).outcome).toBe('finished');
  });

  it('kills its container, cleans up and ends unreported when the miner goes away mid-job', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    const token = await miner.connected();
    const uuid = newJobUuid();
    miner.send(initialJobRequest(uuid, { docker_image: image }));
    await miner.expect('V0ExecutorReadyRequest');
    miner.send(jobRequest(uuid, image, ['sleep', '30']));
    await miner.expect('V0VolumesReadyRequest');
    await waitFor(async () => (await containersOf(docker, token)).some((c) => c.State === 'running'), { what: 'the job container running', timeoutMs: 10_000 });
    const cut = Date.now();
    miner.disconnect();
    const report = await executor.done;
    expect(Date.now() - cut).toBeLessThan(10_000);
    expect(report).toMatchObject({ outcome: 'unreported', jobUuid: uuid });
    expect(await containersOf(docker, token)).toEqual([]);
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('refuses a streaming job with a horde failure streaming_failed', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    miner.send(initialJobRequest(uuid, { docker_image: image, streaming_details: { public_key: 'PEM', executor_ip: '127.0.0.1' } }));
    const failed = await miner.expect('V0HordeFailedRequest');
    expect(failed).toMatchObject({ job_uuid: uuid, reported_by: 'executor', reason: 'streaming_failed' });
    expect(failed.message).toMatch(/streaming/);
    expect((await executor.done).outcome).toBe('horde_failed');
  });

  it('answers an initial request without any timing with a horde failure', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    miner.send(initialJobRequest(uuid, { executor_timing: null, timeout_seconds: null }));
    expect(await miner.expect('V0HordeFailedRequest')).toMatchObject({ reason: 'generic_error', context: { stage: 'executor_startup', error_code: 'TIMING_MISSING' } });
    expect((await executor.done).outcome).toBe('horde_failed');
  });

  it('runs a single-timeout job (timeout_seconds, no executor_timing)', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    miner.send(initialJobRequest(uuid, { docker_image: image, executor_timing: null, timeout_seconds: 2 }));
    await miner.expect('V0ExecutorReadyRequest');
    miner.send(jobRequest(uuid, image, ['sleep', '30']));
    await miner.expect('V0VolumesReadyRequest');
    expect(await miner.expect('V0JobFailedRequest', 15_000)).toMatchObject({ reason: 'timeout', stage: 'execution' });
    await executor.done;
  });

  it('fails a job whose volume came twice (initial and job request) as a horde failure', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    const volume = { volume_type: 'inline' as const, contents: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' };
    miner.send(initialJobRequest(uuid, { docker_image: image, volume }));
    await miner.expect('V0ExecutorReadyRequest');
    miner.send(jobRequest(uuid, image, ['true'], { volume }));
    expect(await miner.expect('V0HordeFailedRequest')).toMatchObject({ reason: 'generic_error', context: { stage: 'volume_download', error_code: 'VOLUME_SENT_TWICE' } });
    expect((await executor.done).outcome).toBe('horde_failed');
  });

  it('times out waiting for the job request: JobFailed(timeout) in the download stage', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    const timing = { allowed_leeway: 0, download_time_limit: 1, execution_time_limit: 10, upload_time_limit: 5, streaming_start_time_limit: 0 };
    miner.send(initialJobRequest(uuid, { docker_image: image, executor_timing: timing }));
    await miner.expect('V0ExecutorReadyRequest');
    expect(await miner.expect('V0JobFailedRequest', 10_000)).toMatchObject({ reason: 'timeout', stage: 'volume_download' });
    expect((await executor.done).outcome).toBe('job_failed');
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('ends unreported when no initial request comes within the startup time limit', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot, env: { EXECUTOR_STARTUP_TIME_LIMIT_S: '1' } });
    await miner.connected();
    expect(await executor.done).toMatchObject({ outcome: 'unreported', jobUuid: undefined });
    expect(miner.received).toEqual([]);
  });
});
