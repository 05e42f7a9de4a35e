import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxImage, requireDocker } from '@horde/testkit';
import { executorErrors } from '../errors';
import { ensureImage } from './image';

let docker: Docker;
let image: string;

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
});

describe('ensureImage', () => {
  it('uses a local image as it is, without pulling', async () => {
    await expect(ensureImage(docker, image)).resolves.toBe('present');
  });

  it('fails with IMAGE_PULL_FAILED when an absent image cannot be pulled', async () => {
    // A registry on a closed loopback port: the pull fails on this machine, nothing goes out.
    const err = await ensureImage(docker, '127.0.0.1:9/horde/absent:1').catch((e: unknown) => e);
    expect(executorErrors.is(err, 'IMAGE_PULL_FAILED')).toBe(true);
    expect((err as Error).message).toContain('127.0.0.1:9/horde/absent:1');
  });
});
