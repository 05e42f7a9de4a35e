import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpOutputVolumeResponse } from '@horde/protocol';
import { createLogger } from '@horde/service';
import { ensureBusyboxImage, requireDocker, startHttpServer, startTcpListener } from '@horde/testkit';
import type { TestHttpServer } from '@horde/testkit';
import { startFakeMiner } from '../test-support/fake-miner';
import type { FakeMiner } from '../test-support/fake-miner';
import { containersOf, startExecutor } from '../test-support/harness';
import { initialJobRequest, jobRequest, newJobUuid } from '../test-support/messages';
import { bridgeGateway, startUdpListener } from '../test-support/network';

const logger = createLogger({ name: 'executor-test', level: 'silent' });
let docker: Docker;
let image: string;
let tempRoot: string;
let miner: FakeMiner;
let files: TestHttpServer;

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
  files = await startHttpServer((request, response) => {
    if (request.method === 'GET' && request.url === '/greeting.txt') return void response.end('hi from the volume\n');
    if (request.method === 'PUT') return void response.writeHead(200, { etag: '"abc"' }).end('stored');
    response.writeHead(404).end('no such file');
  });
});
afterAll(() => files.close());

beforeEach(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), 'horde-executor-test-'));
  miner = await startFakeMiner(logger);
});
afterEach(async () => {
  await miner.close();
  await rm(tempRoot, { recursive: true, force: true });
});

/** After a job: no container of its token, no temp dir. */
async function expectCleanedUp(token: string): Promise<void> {
  expect(await containersOf(docker, token)).toEqual([]);
  expect(await readdir(tempRoot)).toEqual([]);
}

describe('executor job driver (real Docker, fake miner)', () => {
  it('runs hello world: ready, volumes, execution, specs, finished with stdout, artifact and upload', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    miner.send(initialJobRequest(uuid, { docker_image: image, volume: { volume_type: 'single_file', url: `${files.url}/greeting.txt`, relative_path: 'greeting.txt' } }));
    expect(await miner.expect('V0ExecutorReadyRequest')).toMatchObject({ job_uuid: uuid });
    const script = 'cat /volume/greeting.txt; echo hello; echo warn >&2; echo art > /artifacts/result.txt; echo out > /output/result.bin';
    miner.send(
      jobRequest(uuid, image, ['sh', '-c', script], {
        artifacts_dir: '/artifacts',
        output_upload: { output_upload_type: 'single_file_put', url: `${files.url}/upload/result.bin?X-Amz-Signature=secret`, relative_path: 'result.bin' },
      }),
    );
    await miner.expect('V0VolumesReadyRequest');
    await miner.expect('V0ExecutionDoneRequest', 20_000);
    const specs = await miner.expect('V0MachineSpecsRequest');
    expect(specs.specs.specs).toMatchObject({ cpu: { count: expect.any(Number) }, gpu: { count: 0 } });
    const finished = await miner.expect('V0JobFinishedRequest');
    expect(finished.docker_process_stdout).toBe('hi from the volume\nhello\n');
    expect(finished.docker_process_stderr).toBe('warn\n');
    expect(finished.artifacts).toEqual({ '/artifacts/result.txt': Buffer.from('art\n').toString('base64') });
    const upload = HttpOutputVolumeResponse.parse(JSON.parse(finished.upload_results?.['result.bin'] ?? 'null'));
    expect(upload.body).toBe('stored');
    expect(files.requests.find((r) => r.method === 'PUT')?.body.toString()).toBe('out\n');

    const report = await executor.done;
    expect(report).toMatchObject({ outcome: 'finished', jobUuid: uuid });
    expect(Object.keys(report.stages)).toEqual(['executor_startup', 'volume_download', 'execution', 'result_upload']);
    await miner.disconnected();
    await expectCleanedUp(executor.token);
  });

  it('keeps the job off the network: no TCP to the host, no DNS, and the listeners saw nothing', async () => {
    const gateway = await bridgeGateway(docker);
    const loopbackTcp = await startTcpListener('127.0.0.1');
    const bridgeTcp = await startTcpListener(gateway);
    const loopbackUdp = await startUdpListener('127.0.0.1');
    const bridgeUdp = await startUdpListener(gateway);
    try {
      const probe = (name: string, command: string) => `if ${command} >/dev/null 2>&1; then echo "${name}: reached"; else echo "${name}: unreachable"; fi`;
      const script = [
        probe('tcp 127.0.0.1', `nc -w 2 127.0.0.1 ${loopbackTcp.port} </dev/null`),
        probe(`tcp ${gateway}`, `nc -w 2 ${gateway} ${bridgeTcp.port} </dev/null`),
        probe('dns 127.0.0.1', `nslookup horde-isolation.test 127.0.0.1:${loopbackUdp.port}`),
        probe(`dns ${gateway}`, `nslookup horde-isolation.test ${gateway}:${bridgeUdp.port}`),
      ].join('\n');
      const executor = startExecutor({ docker, logger, miner, tempRoot });
      await miner.connected();
      const uuid = newJobUuid();
      miner.send(initialJobRequest(uuid, { docker_image: image }));
      await miner.expect('V0ExecutorReadyRequest');
      miner.send(jobRequest(uuid, image, ['sh', '-c', script]));
      await miner.expect('V0VolumesReadyRequest');
      await miner.expect('V0ExecutionDoneRequest', 30_000);
      await miner.expect('V0MachineSpecsRequest');
      const finished = await miner.expect('V0JobFinishedRequest');
      expect(finished.docker_process_stdout.trim().split('\n')).toEqual([
        'tcp 127.0.0.1: unreachable',
        `tcp ${gateway}: unreachable`,
        'dns 127.0.0.1: unreachable',
        `dns ${gateway}: unreachable`,
      ]);
      expect(loopbackTcp.connections + bridgeTcp.connections).toBe(0);
      expect(loopbackUdp.datagrams + bridgeUdp.datagrams).toBe(0);
      expect((await executor.done).outcome).toBe('finished');
    } finally {
      await Promise.all([loopbackTcp.close(), bridgeTcp.close(), loopbackUdp.close(), bridgeUdp.close()]);
    }
  });

  it('kills a job over its execution time: JobFailed(timeout) quickly, no container, no temp dir', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    const timing = { allowed_leeway: 0, download_time_limit: 1, execution_time_limit: 2, upload_time_limit: 5, streaming_start_time_limit: 0 };
    miner.send(initialJobRequest(uuid, { docker_image: image, executor_timing: timing }));
    await miner.expect('V0ExecutorReadyRequest');
    const sent = Date.now();
    miner.send(jobRequest(uuid, image, ['sh', '-c', 'echo started; sleep 30']));
    await miner.expect('V0VolumesReadyRequest');
    const failed = await miner.expect('V0JobFailedRequest', 15_000);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(failed).toMatchObject({ job_uuid: uuid, reason: 'timeout', error_type: 'timeout', stage: 'execution', docker_process_exit_status: null });
    expect(failed.docker_process_stdout).toBe('started\n');
    expect(await executor.done).toMatchObject({ outcome: 'job_failed', reason: 'timeout' });
    await expectCleanedUp(executor.token);
  });

  it('reports a non-zero exit with its status and output', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    miner.send(initialJobRequest(uuid, { docker_image: image }));
    await miner.expect('V0ExecutorReadyRequest');
    miner.send(jobRequest(uuid, image, ['sh', '-c', 'echo partial; echo broken >&2; exit 3']));
    await miner.expect('V0VolumesReadyRequest');
    const failed = await miner.expect('V0JobFailedRequest', 20_000);
    expect(failed).toMatchObject({
      reason: 'nonzero_return_code',
      stage: 'execution',
      docker_process_exit_status: 3,
      docker_process_stdout: 'partial\n',
      docker_process_stderr: 'broken\n',
    });
    expect(failed.message).toContain('3');
    expect((await executor.done).outcome).toBe('job_failed');
    await expectCleanedUp(executor.token);
  });

  it('reports a volume that cannot be downloaded (404) as download_failed', async () => {
    const executor = startExecutor({ docker, logger, miner, tempRoot });
    await miner.connected();
    const uuid = newJobUuid();
    const volume = { volume_type: 'zip_url' as const, contents: `${files.url}/missing.zip?token=presigned-secret` };
    miner.send(initialJobRequest(uuid, { docker_image: image, volume }));
    await miner.expect('V0ExecutorReadyRequest');
    miner.send(jobRequest(uuid, image, ['true']));
    const failed = await miner.expect('V0JobFailedRequest', 20_000);
    expect(failed).toMatchObject({ reason: 'download_failed', stage: 'volume_download', docker_process_exit_status: null });
    expect(JSON.stringify(failed)).not.toContain('presigned-secret');
    expect(miner.received.map((m) => m.message_type)).toEqual(['V0ExecutorReadyRequest', 'V0JobFailedRequest']);
    expect((await executor.done).outcome).toBe('job_failed');
    await expectCleanedUp(executor.token);
  });
});
