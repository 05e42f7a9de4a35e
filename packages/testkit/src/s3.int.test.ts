import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestS3 } from './s3';
import { startS3 } from './s3';

describe('startS3', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3({ buckets: ['prompts', 'answers'] });
  });
  afterAll(async () => {
    await s3.close();
  });

  it('serves the configured buckets on a loopback port', async () => {
    expect(s3.endpoint).toBe(`http://127.0.0.1:${s3.port}`);
    const { Buckets } = await s3.client.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name).sort()).toEqual(['answers', 'prompts']);
  });

  it('accepts a presigned PUT from plain fetch and returns the same bytes', async () => {
    const bytes = randomBytes(64 * 1024);
    const url = await s3.presignPut('prompts', 'dir/batch-1.bin', 60);
    const put = await fetch(url, { method: 'PUT', body: bytes });
    expect(put.status).toBe(200);
    expect((await s3.getObject('prompts', 'dir/batch-1.bin')).equals(bytes)).toBe(true);
  });

  it('serves an object through a presigned GET', async () => {
    const put = await fetch(await s3.presignPut('answers', 'a.txt'), { method: 'PUT', body: 'forty-two' });
    expect(put.ok).toBe(true);
    const get = await fetch(await s3.presignGet('answers', 'a.txt'));
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('forty-two');
  });

  // s3rver does not verify V4 signatures, so check that the URL would also pass a real S3: only the
  // host header is signed, and no SDK checksum of an (unknown) body is baked in.
  it('presigns PUT URLs that sign nothing but the host', async () => {
    const url = new URL(await s3.presignPut('prompts', 'k', 60));
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    const checksumParams = [...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'));
    expect(checksumParams).toEqual([]);
  });
});

describe('startS3 close', () => {
  it('stops the server and removes its temp directory', async () => {
    const s3 = await startS3({ buckets: ['b'] });
    await fetch(await s3.presignPut('b', 'k'), { method: 'PUT', body: 'x' });
    await s3.close();
    await expect(access(s3.directory)).rejects.toThrow();
    await expect(fetch(`${s3.endpoint}/b/k`)).rejects.toThrow();
  });
});
