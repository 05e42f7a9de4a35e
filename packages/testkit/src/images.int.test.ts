import { randomBytes } from 'node:crypto';
import { copyFile, appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContainer } from './container';
import { requireDocker, statusCode } from './docker';
import { ensureBusyboxImage, ensureNodeImage, IMAGE_INPUTS_LABEL } from './images';
import { findBusybox } from './recipes';

const isolated = { NetworkMode: 'none', AutoRemove: true };

async function imagesWithDigest(docker: Dockerode, digest: string): Promise<string[]> {
  const images = await docker.listImages({ all: true, filters: { label: [`${IMAGE_INPUTS_LABEL}=${digest}`] } });
  return images.map((image) => image.Id);
}

describe('test images', () => {
  let docker: Dockerode;
  beforeAll(async () => {
    docker = await requireDocker();
  });

  it('busybox image runs `echo hi` in a networkless container, and a second ensure is a no-op', async () => {
    const first = await ensureBusyboxImage(docker);
    const result = await runContainer(docker, { Image: first.tag, Cmd: ['echo', 'hi'], HostConfig: isolated });
    expect(result).toEqual({ exitCode: 0, stdout: 'hi\n', stderr: '' });

    const started = Date.now();
    const second = await ensureBusyboxImage(docker);
    expect(second).toEqual({ id: first.id, tag: first.tag, built: false });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('busybox image has a usable userland: applets, users, sticky /tmp, exit codes, stderr', async () => {
    const { tag } = await ensureBusyboxImage(docker);
    const script = [
      'for a in sh echo cat sleep wget nc nslookup ls rm mkdir env id head tail wc sha256sum base64 dd tr; do command -v $a >/dev/null || echo missing $a; done',
      'stat -c %a /tmp',
      'id -un',
      'echo abc | sha256sum | head -c 8',
      'echo oops >&2',
      'exit 7',
    ].join('; ');
    const result = await runContainer(docker, { Image: tag, Cmd: ['sh', '-c', script], User: 'nobody', HostConfig: isolated });
    expect(result).toEqual({ exitCode: 7, stdout: '1777\nnobody\nedeaaff3', stderr: 'oops\n' });
  });

  it('node image runs the host node version', async () => {
    const image = await ensureNodeImage(docker);
    const result = await runContainer(docker, { Image: image.tag, Cmd: ['node', '-e', 'console.log(process.version)'], HostConfig: isolated });
    expect(result).toEqual({ exitCode: 0, stdout: `${process.version}\n`, stderr: '' });
    const viaSh = await runContainer(docker, { Image: image.tag, Cmd: ['sh', '-c', '/usr/bin/node -p "1+1"'], HostConfig: isolated });
    expect(viaSh.stdout).toBe('2\n');
    expect((await ensureNodeImage(docker)).id).toBe(image.id);
  });
});

describe('image rebuilds', () => {
  const tag = `horde-test/busybox-rebuild-${randomBytes(4).toString('hex')}:latest`;
  let docker: Dockerode;
  let dir: string;
  beforeAll(async () => {
    docker = await requireDocker();
    dir = await mkdtemp(join(tmpdir(), 'testkit-images-'));
  });
  afterAll(async () => {
    await docker.getImage(tag).remove().catch((err: unknown) => {
      if (statusCode(err) !== 404) throw err;
    });
    await rm(dir, { recursive: true, force: true });
  });

  it('tolerates concurrent builds of one tag, and rebuilds (dropping the stale image) when an input changes', async () => {
    const busybox = join(dir, 'busybox');
    await copyFile(await findBusybox(), busybox);
    await appendFile(busybox, Buffer.from(tag)); // inputs unique to this test: trailing bytes do not change the program
    const [a, b] = await Promise.all([ensureBusyboxImage(docker, tag, { busybox }), ensureBusyboxImage(docker, tag, { busybox })]);
    const current = await docker.getImage(tag).inspect();
    expect([a.id, b.id]).toContain(current.Id);
    const digest = current.Config.Labels?.[IMAGE_INPUTS_LABEL];
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await imagesWithDigest(docker, digest!)).toEqual([current.Id]); // the race left nothing behind

    await appendFile(busybox, Buffer.from('changed'));
    const rebuilt = await ensureBusyboxImage(docker, tag, { busybox });
    expect(rebuilt.built).toBe(true);
    expect(rebuilt.id).not.toBe(current.Id);
    const after = await docker.getImage(tag).inspect();
    expect(after.Config.Labels?.[IMAGE_INPUTS_LABEL]).not.toBe(digest);
    const stale = await docker.getImage(current.Id).inspect().catch((err: unknown) => statusCode(err));
    expect(stale).toBe(404);
    expect(await imagesWithDigest(docker, digest!)).toEqual([]);
    const run = await runContainer(docker, { Image: tag, Cmd: ['echo', 'still works'], HostConfig: isolated });
    expect(run.stdout).toBe('still works\n');
  });
});
