import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type Dockerode from 'dockerode';
import { ensureBusyboxImage, ensureNodeImage, removeContainersByLabel, requireDocker, waitFor } from '@horde/testkit';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DockerManagerConfig } from './config';
import { LABELS } from './docker-containers';
import { DockerExecutorManager } from './docker-manager';
import { executorManagerErrors } from './errors';
import { createExecutorManager } from './factory';
import { STAND_IN, reportOf } from './test-support/stand-in';
import type { ExecutorHandle, ExecutorStartSpec } from './types';

const BUILD_SH = fileURLToPath(new URL('../../../../deploy/executor/build.sh', import.meta.url));
const IMAGE = 'horde-test/executor-standin:latest';
/** Marks every container this file makes, so that afterAll can remove leftovers. */
const RUN_LABEL = `org.horde.test-run=${process.pid}-${Date.now()}`;

let docker: Dockerode;
let busybox: string;
let tempDir: string;
const managers: DockerExecutorManager[] = [];

beforeAll(async () => {
  docker = await requireDocker();
  const base = await ensureNodeImage(docker);
  busybox = (await ensureBusyboxImage(docker)).tag;
  // The image is built by the deploy script itself, with the stand-in in place of the bundle.
  await promisify(execFile)('bash', [BUILD_SH, base.tag, IMAGE], { env: { ...process.env, HORDE_EXECUTOR_BUNDLE: STAND_IN }, maxBuffer: 16 * 1024 * 1024 });
  // Under /tmp: the path must exist on the engine's host too, and be the same there.
  tempDir = mkdtempSync('/tmp/horde-dm-');
});

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

afterAll(async () => {
  if (docker) await removeContainersByLabel(docker, RUN_LABEL);
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

function manager(config: Record<string, unknown> = {}): DockerExecutorManager {
  const parsed = DockerManagerConfig.parse({ kind: 'docker', image: IMAGE, tempDir, defaultExecutorClass: 'always_on.test', stopTimeoutS: 2, ...config });
  const m = new DockerExecutorManager({ ...parsed, env: { STANDIN_REPORT: '1', ...parsed.env } }, { logger: pino({ level: 'silent' }), docker });
  managers.push(m);
  return m;
}

let counter = 0;
function spec(minerAddress = 'ws://127.0.0.1:9'): ExecutorStartSpec {
  counter += 1;
  return { token: `dm-${process.pid}-${counter}`, jobUuid: `job-${counter}`, executorClass: 'always_on.test', minerAddress, startupTimeLimitS: 30, ttlMs: 60_000 };
}

async function executorContainers(token: string): Promise<Dockerode.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABELS.executorToken}=${token}`] } });
}

describe('DockerExecutorManager on the real engine', () => {
  it('runs the executor image with the socket, the temp dir at the same path, its variables and labels; kill removes it', async () => {
    const m = manager();
    const s = spec();
    const handle = await m.start(s);
    const report = await reportOf(tempDir, s.token, 30_000);
    expect(report.dockerSocket).toBe(true);
    expect(report.env).toMatchObject({ EXECUTOR_MINER_ADDRESS: 'ws://127.0.0.1:9', EXECUTOR_TOKEN: s.token, EXECUTOR_STARTUP_TIME_LIMIT_S: '30', TMPDIR: tempDir });
    const [info] = await executorContainers(s.token);
    expect(info?.Image).toBe(IMAGE);
    expect(info?.Labels).toMatchObject({ 'org.horde.role': 'executor', 'org.horde.job-uuid': s.jobUuid });
    expect(info?.HostConfig.NetworkMode).toBe('host');
    expect(await m.wait(handle, 0)).toBeNull();

    await m.kill(handle);
    expect(await executorContainers(s.token)).toEqual([]);
    expect(await m.wait(handle, 0)).not.toBeNull();
    await m.kill(handle); // idempotent
  });

  it('kills by token a handle it did not start (after a miner restart)', async () => {
    const before = manager();
    const s = spec();
    const handle = await before.start(s);
    await reportOf(tempDir, s.token, 30_000);
    const after = manager();
    await after.kill({ token: handle.token, executorClass: handle.executorClass, startedAt: 0 });
    expect(await executorContainers(s.token)).toEqual([]);
    expect(await before.wait(handle, 10_000)).not.toBeNull();
    expect(await after.publicAddress({ token: handle.token, executorClass: handle.executorClass, startedAt: 0 })).toBeNull();
  });

  it('reports the exit status of an executor that ended by itself, and the engine removes it', async () => {
    const m = manager({ env: { STANDIN_EXIT_CODE: '7' } });
    const s = spec('ws://192.0.2.10:8000');
    const handle = await m.start(s);
    expect(await m.wait(handle, 30_000)).toBe(7);
    await waitFor(async () => (await executorContainers(s.token)).length === 0, { what: 'auto-removal', timeoutMs: 10_000 });
  });

  it("kills the executor's job container with it, and no other job's", async () => {
    const m = manager();
    const s = spec();
    const handle = await m.start(s);
    const jobContainer = async (token: string) => {
      const container = await docker.createContainer({
        Image: busybox,
        name: `ch-${token}-job`,
        Cmd: ['sleep', '300'],
        Labels: { [LABELS.role]: 'job', [LABELS.jobToken]: token, [RUN_LABEL.split('=')[0] as string]: RUN_LABEL.split('=')[1] as string },
        HostConfig: { NetworkMode: 'none' },
      });
      await container.start();
      return container.id;
    };
    const ours = await jobContainer(s.token);
    const other = await jobContainer(`${s.token}-other`);
    await m.kill(handle);
    const left = (await docker.listContainers({ all: true })).map((c) => c.Id);
    expect(left).not.toContain(ours);
    expect(left).toContain(other);
  });

  it('spreads executors round-robin over the hosts of the hosts file and declines when all are full', async () => {
    const hostsFile = join(tempDir, 'hosts.json');
    writeFileSync(
      hostsFile,
      JSON.stringify({
        first: { executor_class: 'always_on.test', mode: 'local', host: '192.0.2.1' },
        second: { executor_class: 'always_on.test', mode: 'local', host: '192.0.2.2' },
        gpu: { executor_class: 'always_on.gpu-24gb', mode: 'ssh', host: '192.0.2.3', username: 'u', key_path: '/nonexistent' },
      }),
    );
    const m = manager({ hostsFile });
    expect(await m.manifest()).toEqual({ 'always_on.test': 2, 'always_on.gpu-24gb': 1 });
    const a = await m.start(spec());
    const b = await m.start(spec());
    expect([a.host, b.host]).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(await m.publicAddress(b)).toBe('192.0.2.2');
    const full = await m.start(spec()).catch((e: unknown) => e);
    expect(executorManagerErrors.is(full, 'EXECUTOR_START_FAILED')).toBe(true);
    await m.kill(a);
    const c: ExecutorHandle = await m.start(spec());
    expect(c.host).toBe('192.0.2.1');
    await Promise.all([m.kill(b), m.kill(c)]);
  });

  it('fails to start with EXECUTOR_START_FAILED when the image does not exist, freeing the host', async () => {
    const m = createExecutorManager({ kind: 'docker', image: 'horde-test/no-such-image:never', tempDir, defaultExecutorClass: 'always_on.test' }, { logger: pino({ level: 'silent' }), docker });
    managers.push(m as DockerExecutorManager);
    const err = await m.start(spec()).catch((e: unknown) => e);
    expect(executorManagerErrors.is(err, 'EXECUTOR_START_FAILED')).toBe(true);
    expect((err as Error).cause).toMatchObject({ statusCode: 404 });
    const again = await m.start(spec()).catch((e: unknown) => e);
    expect((again as Error).cause).toMatchObject({ statusCode: 404 }); // it tried again on the same host
  });
});
