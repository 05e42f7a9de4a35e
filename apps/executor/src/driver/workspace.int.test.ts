import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@horde/service';
import { ensureBusyboxImage, requireDocker, runContainer } from '@horde/testkit';
import { newToken } from '../test-support/harness';
import { createWorkspace, openMountedDirs, removeWithHelper, removeWorkspace } from './workspace';

const logger = createLogger({ name: 'executor-test', level: 'silent' });
let docker: Docker;
let image: string;
let tempRoot: string;

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
});
beforeEach(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), 'horde-workspace-test-'));
});
afterEach(() => rm(tempRoot, { recursive: true, force: true }));

describe('job workspace', () => {
  it('lays out the mounted dirs and opens them to any uid', async () => {
    const ws = await createWorkspace(tempRoot);
    expect((await readdir(ws.root)).sort()).toEqual(['artifacts', 'downloads', 'output', 'specs', 'volume']);
    await writeFile(join(ws.volume, 'input.txt'), 'data', { mode: 0o600 });
    await openMountedDirs(ws);
    expect((await stat(ws.output)).mode & 0o777).toBe(0o777);
    expect((await stat(join(ws.volume, 'input.txt'))).mode & 0o777).toBe(0o777);
    expect(await removeWorkspace(ws, { docker, helperImage: undefined, token: newToken(), jobUuid: 'j', logger })).toBe('removed');
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('lets a job running as another uid, with every capability dropped, write its outputs', async () => {
    const ws = await createWorkspace(tempRoot);
    await openMountedDirs(ws);
    const run = await runContainer(docker, {
      Image: image,
      User: '4242:4242',
      Cmd: ['sh', '-c', 'mkdir -p /output/deep && echo ok > /output/deep/result.txt && cat /output/deep/result.txt'],
      HostConfig: { NetworkMode: 'none', CapDrop: ['ALL'], Binds: [`${ws.output}:/output/`] },
    });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'ok\n' });
    expect((await stat(join(ws.output, 'deep', 'result.txt'))).uid).toBe(4242);
  });

  it('deletes what a job left from inside a helper container', async () => {
    const ws = await createWorkspace(tempRoot);
    await openMountedDirs(ws);
    await runContainer(docker, {
      Image: image,
      Cmd: ['sh', '-c', 'mkdir -p /output/locked/inner && echo x > /output/locked/inner/f && chmod 000 /output/locked'],
      HostConfig: { NetworkMode: 'none', Binds: [`${ws.output}:/output/`] },
    });
    const token = newToken();
    await removeWithHelper(docker, ws.root, image, { token, jobUuid: 'j' });
    expect(await readdir(ws.root)).toEqual([]);
    expect(await docker.listContainers({ all: true, filters: { label: [`org.horde.executor-token=${token}`] } })).toEqual([]);
  });
});
