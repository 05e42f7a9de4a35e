import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@horde/service';
import { ensureBusyboxImage, requireDocker, waitFor, withTimeout } from '@horde/testkit';
import { bundleExecutor } from './bundle';
import { startFakeMiner } from './test-support/fake-miner';
import { containersOf, newToken } from './test-support/harness';
import { initialJobRequest, jobRequest, newJobUuid } from './test-support/messages';

const logger = createLogger({ name: 'executor-test', level: 'silent' });
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'horde-executor-bundle-'));
  bundle = (await bundleExecutor(join(dir, 'executor.mjs'))).outfile;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the bundle as the miner's process manager does: plain node, the job's variables only. */
async function runBundle(
  env: Record<string, string>,
  timeoutMs = 30_000,
  onSpawn: (child: ChildProcess) => void = () => undefined,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bundle], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  onSpawn(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const [code] = (await withTimeout(once(child, 'exit'), timeoutMs, 'the executor process to exit')) as [number | null];
    return { code, stdout, stderr };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('the executor bundle (dist/executor.mjs)', () => {
  it('is one self-contained file that runs a job end to end and exits 0', async () => {
    const docker = await requireDocker();
    const image = (await ensureBusyboxImage(docker)).tag;
    const miner = await startFakeMiner(logger);
    const tempRoot = await mkdtemp(join(tmpdir(), 'horde-executor-test-'));
    const token = newToken();
    try {
      const exited = runBundle({ EXECUTOR_MINER_ADDRESS: miner.address, EXECUTOR_TOKEN: token, EXECUTOR_TEMP_ROOT: tempRoot, DEBUG_NO_GPU_MODE: '1' });
      expect(await miner.connected()).toBe(token);
      const uuid = newJobUuid();
      miner.send(initialJobRequest(uuid, { docker_image: image }));
      await miner.expect('V0ExecutorReadyRequest');
      miner.send(jobRequest(uuid, image, ['echo', 'hello'], { env: { API_KEY: 'job-secret-value' } }));
      await miner.expect('V0VolumesReadyRequest');
      await miner.expect('V0ExecutionDoneRequest', 20_000);
      await miner.expect('V0MachineSpecsRequest');
      expect((await miner.expect('V0JobFinishedRequest')).docker_process_stdout).toBe('hello\n');
      const { code, stdout } = await exited;
      expect(code).toBe(0);
      const summary = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'job summary');
      expect(summary).toMatchObject({ jobUuid: uuid, outcome: 'finished', duration_ms: expect.any(Number), stages: { execution: expect.any(Number) } });
      expect(stdout).not.toContain(token);
      expect(stdout).not.toContain('job-secret-value');
      expect(await readdir(tempRoot)).toEqual([]);
    } finally {
      await miner.close();
      await rm(tempRoot, { recursive: true, force: true });
    }
  });

  it('on SIGTERM kills the job container, reports a horde failure, cleans up and exits 0', async () => {
    const docker = await requireDocker();
    const image = (await ensureBusyboxImage(docker)).tag;
    const miner = await startFakeMiner(logger);
    const tempRoot = await mkdtemp(join(tmpdir(), 'horde-executor-test-'));
    const token = newToken();
    let child: ChildProcess | undefined;
    try {
      const exited = runBundle({ EXECUTOR_MINER_ADDRESS: miner.address, EXECUTOR_TOKEN: token, EXECUTOR_TEMP_ROOT: tempRoot, EXECUTOR_NO_GPU: 'true' }, 30_000, (c) => (child = c));
      await miner.connected();
      const uuid = newJobUuid();
      miner.send(initialJobRequest(uuid, { docker_image: image }));
      await miner.expect('V0ExecutorReadyRequest');
      miner.send(jobRequest(uuid, image, ['sleep', '30']));
      await miner.expect('V0VolumesReadyRequest');
      await waitFor(async () => (await containersOf(docker, token)).some((c) => c.State === 'running'), { what: 'the job container running', timeoutMs: 10_000 });
      child?.kill('SIGTERM');
      expect(await miner.expect('V0HordeFailedRequest', 10_000)).toMatchObject({ reason: 'generic_error', context: { stage: 'execution', error_code: 'EXECUTOR_STOPPED' } });
      expect((await exited).code).toBe(0);
      expect(await containersOf(docker, token)).toEqual([]);
      expect(await readdir(tempRoot)).toEqual([]);
    } finally {
      await miner.close();
      await rm(tempRoot, { recursive: true, force: true });
    }
  });

  it('exits 1 when it cannot reach the miner within the startup time limit', async () => {
    const { code, stdout } = await runBundle({ EXECUTOR_MINER_ADDRESS: 'ws://127.0.0.1:9', EXECUTOR_TOKEN: newToken(), EXECUTOR_STARTUP_TIME_LIMIT_S: '1' });
    expect(code).toBe(1);
    expect(stdout).toContain('could not reach the miner');
  });

  it('exits 2 naming the variable when the environment is invalid, without echoing secrets', async () => {
    const { code, stderr } = await runBundle({ EXECUTOR_MINER_ADDRESS: 'http://not-a-ws-url', EXECUTOR_TOKEN: 'bad token with spaces' });
    expect(code).toBe(2);
    expect(stderr).toContain('EXECUTOR_MINER_ADDRESS');
    expect(stderr).toContain('EXECUTOR_TOKEN');
    expect(stderr).not.toContain('bad token with spaces');
  });
});
