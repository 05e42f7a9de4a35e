import type Dockerode from 'dockerode';
import { ensureBusyboxImage, requireDocker } from '@horde/testkit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessManagerConfig } from './config';
import { LABELS } from './docker-containers';
import { ProcessExecutorManager } from './process-manager';
import { STAND_IN } from './test-support/stand-in';

let docker: Dockerode;
let busybox: string;
const created: string[] = [];

beforeAll(async () => {
  docker = await requireDocker();
  busybox = (await ensureBusyboxImage(docker)).tag;
});

afterAll(async () => {
  await Promise.all(created.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
});

async function jobContainer(token: string): Promise<string> {
  const container = await docker.createContainer({ Image: busybox, name: `ch-${token}-job`, Cmd: ['sleep', '300'], Labels: { [LABELS.role]: 'job', [LABELS.jobToken]: token }, HostConfig: { NetworkMode: 'none' } });
  created.push(container.id);
  await container.start();
  return container.id;
}

describe('ProcessExecutorManager with Docker', () => {
  it("removes the killed executor's job container, and no other job's", async () => {
    const m = new ProcessExecutorManager(ProcessManagerConfig.parse({ kind: 'process', command: [process.execPath, STAND_IN] }), { logger: pino({ level: 'silent' }), docker });
    const token = `pm-${process.pid}-${Date.now()}`;
    const handle = await m.start({ token, jobUuid: 'job-1', executorClass: 'always_on.test', minerAddress: 'ws://127.0.0.1:9', startupTimeLimitS: 5, ttlMs: 60_000 });
    const ours = await jobContainer(token);
    const other = await jobContainer(`${token}-other`);
    await m.kill(handle);
    const left = (await docker.listContainers({ all: true })).map((c) => c.Id);
    expect(left).not.toContain(ours);
    expect(left).toContain(other);
    expect(await m.wait(handle, 0)).not.toBeNull();
    await m.close();
  });

  it('removes the job container of a token it did not start (after a miner restart)', async () => {
    const m = new ProcessExecutorManager(ProcessManagerConfig.parse({ kind: 'process', command: [process.execPath, STAND_IN] }), { logger: pino({ level: 'silent' }), docker });
    const token = `pm-${process.pid}-${Date.now()}-restart`;
    const ours = await jobContainer(token);
    await m.kill({ token, executorClass: 'always_on.test', startedAt: 0 });
    expect((await docker.listContainers({ all: true })).map((c) => c.Id)).not.toContain(ours);
  });
});
