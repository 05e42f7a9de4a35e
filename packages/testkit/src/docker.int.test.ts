import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { removeContainersByLabel, runContainer, waitForContainerExit } from './container';
import { requireDocker } from './docker';
import { testkitErrors } from './errors';
import { ensureBusyboxImage } from './images';

describe('requireDocker', () => {
  it('returns a client whose engine answers', async () => {
    const docker = await requireDocker();
    const version = await docker.version();
    expect(version.ApiVersion).toMatch(/^\d+\.\d+$/);
  });

  it('explains how to start the engine when it is unreachable', async () => {
    const err = await requireDocker({ socketPath: '/nonexistent/docker.sock' }).catch((e: unknown) => e);
    expect(testkitErrors.is(err, 'DOCKER_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toContain('/nonexistent/docker.sock');
    expect((err as Error).message).toContain('dockerd');
    expect((err as Error).cause).toBeDefined();
  });
});

describe('containers', () => {
  let docker: Dockerode;
  let image: string;
  beforeAll(async () => {
    docker = await requireDocker();
    image = (await ensureBusyboxImage(docker)).tag;
  });

  it('removeContainersByLabel removes running and stopped containers with the label, and only those', async () => {
    const label = `horde.testkit.test=${randomBytes(4).toString('hex')}`;
    const [key, value] = label.split('=') as [string, string];
    const running = await docker.createContainer({ Image: image, Cmd: ['sleep', '600'], Labels: { [key]: value }, HostConfig: { NetworkMode: 'none' } });
    await running.start();
    const stopped = await docker.createContainer({ Image: image, Cmd: ['true'], Labels: { [key]: value }, HostConfig: { NetworkMode: 'none' } });
    const other = await docker.createContainer({ Image: image, Cmd: ['true'], Labels: { [key]: 'other' }, HostConfig: { NetworkMode: 'none' } });
    try {
      expect(await removeContainersByLabel(docker, label)).toBe(2);
      const left = await docker.listContainers({ all: true, filters: { label: [`${key}`] } });
      expect(left.map((c) => c.Id)).toEqual([other.id]);
      expect(await removeContainersByLabel(docker, label)).toBe(0);
      expect([running.id, stopped.id]).not.toContain(left[0]?.Id);
    } finally {
      await removeContainersByLabel(docker, key);
    }
  });

  it('waitForContainerExit returns the exit code, or WAIT_TIMEOUT while the container runs', async () => {
    const slow = await docker.createContainer({ Image: image, Cmd: ['sleep', '600'], HostConfig: { NetworkMode: 'none' } });
    const quick = await docker.createContainer({ Image: image, Cmd: ['sh', '-c', 'exit 5'], HostConfig: { NetworkMode: 'none' } });
    try {
      await slow.start();
      const err = await waitForContainerExit(docker, slow.id, { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(testkitErrors.is(err, 'WAIT_TIMEOUT')).toBe(true);

      await quick.start();
      expect(await waitForContainerExit(docker, quick.id, { timeoutMs: 10_000 })).toBe(5);
    } finally {
      await slow.remove({ force: true });
      await quick.remove({ force: true });
    }
  });

  it('runContainer kills and removes a container that outlives its timeout', async () => {
    const label = `horde.testkit.run=${randomBytes(4).toString('hex')}`;
    const [key, value] = label.split('=') as [string, string];
    const err = await runContainer(docker, { Image: image, Cmd: ['sleep', '600'], Labels: { [key]: value }, HostConfig: { NetworkMode: 'none' } }, { timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(testkitErrors.is(err, 'WAIT_TIMEOUT')).toBe(true);
    expect(await docker.listContainers({ all: true, filters: { label: [label] } })).toEqual([]);
  });
});
