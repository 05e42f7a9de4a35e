import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer } from '@horde/testkit';
import type { TestHttpServer } from '@horde/testkit';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executorIo } from '../io-errors';
import { downloadVolume } from './download-volume';
import type { DownloadVolumeOptions } from './options';
import { streamBytes } from './test-support/servers';
import { makeZip, makeZipWithRawName } from './test-support/zips';

const logger = pino({ level: 'silent' });
const fast: DownloadVolumeOptions = { logger, backoffMs: 5 };

let dest: string;
let servers: TestHttpServer[];
beforeEach(async () => {
  dest = await mkdtemp(join(tmpdir(), 'horde-volume-test-'));
  servers = [];
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dest, { recursive: true, force: true });
});

async function serve(handler: Parameters<typeof startHttpServer>[0]): Promise<TestHttpServer> {
  const server = await startHttpServer(handler);
  servers.push(server);
  return server;
}

const read = (...parts: string[]) => readFile(join(dest, ...parts), 'utf8');

describe('downloadVolume: volume types', () => {
  it('unzips an inline volume into its relative_path', async () => {
    const zip = await makeZip([
      { name: 'a.txt', data: 'alpha' },
      { name: 'deep/b.txt', data: 'beta' },
    ]);
    const report = await downloadVolume({ volume_type: 'inline', contents: zip.toString('base64'), relative_path: 'in' }, dest, fast);
    expect(await read('in', 'a.txt')).toBe('alpha');
    expect(await read('in', 'deep', 'b.txt')).toBe('beta');
    expect(report).toMatchObject({ volumeType: 'inline', files: 2, bytes: 9 });
  });

  it('downloads and unzips a zip_url volume into the volume root', async () => {
    const zip = await makeZip([{ name: 'data/x.bin', data: 'xyz' }]);
    const server = await serve((_req, res) => void res.end(zip));
    await downloadVolume({ volume_type: 'zip_url', contents: `${server.url}/v.zip?X-Amz-Signature=secret` }, dest, fast);
    expect(await read('data', 'x.bin')).toBe('xyz');
    expect(server.requests.map((r) => r.url)).toEqual(['/v.zip?X-Amz-Signature=secret']);
  });

  it('downloads a single_file volume to its relative_path', async () => {
    const server = await serve((_req, res) => void res.end('file body'));
    const report = await downloadVolume({ volume_type: 'single_file', url: `${server.url}/f`, relative_path: 'models/w/weights.bin' }, dest, fast);
    expect(await read('models', 'w', 'weights.bin')).toBe('file body');
    expect(report.files).toBe(1);
  });

  it('downloads a multi_volume part by part, each into its own relative_path', async () => {
    const zip = await makeZip([{ name: 'z.txt', data: 'zipped' }]);
    const server = await serve((req, res) => void res.end(req.url === '/zip' ? zip : 'single'));
    const inline = (await makeZip([{ name: 'i.txt', data: 'inline' }])).toString('base64');
    const report = await downloadVolume(
      {
        volume_type: 'multi_volume',
        volumes: [
          { volume_type: 'inline', contents: inline, relative_path: 'a' },
          { volume_type: 'single_file', url: `${server.url}/one`, relative_path: 'b/c/one.txt' },
          { volume_type: 'zip_url', contents: `${server.url}/zip`, relative_path: null },
        ],
      },
      dest,
      fast,
    );
    expect(await read('a', 'i.txt')).toBe('inline');
    expect(await read('b', 'c', 'one.txt')).toBe('single');
    expect(await read('z.txt')).toBe('zipped');
    expect((await readdir(dest)).sort()).toEqual(['a', 'b', 'z.txt']);
    expect(report).toMatchObject({ volumeType: 'multi_volume', files: 3, bytes: 18 });
  });
});

describe('downloadVolume: size limit', () => {
  it('stops a stream that goes past maxBytes without reading it all', async () => {
    const total = 64 * 1024 * 1024;
    let sent: Promise<number> | undefined;
    const server = await serve((_req, res) => {
      sent = streamBytes(res, total);
    });
    const err = await downloadVolume({ volume_type: 'single_file', url: `${server.url}/big`, relative_path: 'big' }, dest, { ...fast, maxBytes: 256 * 1024 }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_TOO_LARGE')).toBe(true);
    expect(await sent).toBeLessThan(total);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an announced Content-Length over the limit before reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(10_000) });
      res.end(Buffer.alloc(10_000));
    });
    const err = await downloadVolume({ volume_type: 'single_file', url: `${server.url}/f`, relative_path: 'f' }, dest, { ...fast, maxBytes: 1000 }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_TOO_LARGE')).toBe(true);
    expect((err as { context: unknown }).context).toMatchObject({ announcedBytes: 10_000, limitBytes: 1000 });
  });

  it('counts every part of a multi_volume against one limit', async () => {
    const server = await serve((_req, res) => void res.end(Buffer.alloc(600)));
    const part = (i: number) => ({ volume_type: 'single_file' as const, url: `${server.url}/${i}`, relative_path: `p${i}` });
    const err = await downloadVolume({ volume_type: 'multi_volume', volumes: [part(1), part(2)] }, dest, { ...fast, maxBytes: 1000 }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_TOO_LARGE')).toBe(true);
    expect(await readFile(join(dest, 'p1'))).toHaveLength(600);
  });

  it('refuses a zip bomb: small compressed, big uncompressed', async () => {
    const bomb = await makeZip([{ name: 'zeros', data: Buffer.alloc(8 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const server = await serve((_req, res) => void res.end(bomb));
    const err = await downloadVolume({ volume_type: 'zip_url', contents: `${server.url}/bomb.zip` }, dest, { ...fast, maxBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_TOO_LARGE')).toBe(true);
  });
});

describe('downloadVolume: unsafe zips and paths', () => {
  const inline = (zip: Buffer, relative_path?: string) => ({ volume_type: 'inline' as const, contents: zip.toString('base64'), relative_path });

  it('refuses a zip entry that climbs out with ..', async () => {
    const zip = await makeZipWithRawName('AA/evil.txt', '../evil.txt');
    const err = await downloadVolume(inline(zip, 'sub'), dest, fast).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_INVALID')).toBe(true);
    await expect(readFile(join(dest, 'evil.txt'))).rejects.toThrow();
  });

  it('refuses a zip entry with an absolute path', async () => {
    const zip = await makeZipWithRawName('xtmp/abs.txt', '/tmp/abs.txt');
    const err = await downloadVolume(inline(zip), dest, fast).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_INVALID')).toBe(true);
  });

  it('refuses a symlink entry', async () => {
    const zip = await makeZip([{ name: 'link', data: '/etc/passwd', mode: 0o120777 }]);
    const err = await downloadVolume(inline(zip), dest, fast).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_INVALID')).toBe(true);
    expect(await readdir(dest)).toEqual([]);
  });

  it('refuses a relative_path outside the volume', async () => {
    const zip = await makeZip([{ name: 'a', data: 'a' }]);
    for (const relative_path of ['../out', '/abs', 'a/../../out']) {
      const err = await downloadVolume(inline(zip, relative_path), dest, fast).catch((e: unknown) => e);
      expect(executorIo.is(err, 'VOLUME_INVALID'), relative_path).toBe(true);
    }
  });

  it('refuses URLs that are not http(s), without quoting their query', async () => {
    for (const url of ['data:application/zip;base64,UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'ftp://host/v.zip?sig=topsecret', 'http://[bad?sig=topsecret']) {
      const err = await downloadVolume({ volume_type: 'zip_url', contents: url }, dest, fast).catch((e: unknown) => e);
      expect(executorIo.is(err, 'VOLUME_INVALID'), url).toBe(true);
      expect(JSON.stringify((err as { context: unknown }).context) + (err as Error).message).not.toContain('topsecret');
    }
  });

  it('refuses bytes that are not a zip', async () => {
    const err = await downloadVolume({ volume_type: 'inline', contents: Buffer.from('not a zip').toString('base64') }, dest, fast).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_INVALID')).toBe(true);
  });
});

describe('downloadVolume: retries', () => {
  it('retries 503 twice, then succeeds', async () => {
    const server = await serve((_req, res) => {
      if (server.requests.length <= 2) res.writeHead(503);
      res.end(server.requests.length <= 2 ? 'busy' : 'finally');
    });
    await downloadVolume({ volume_type: 'single_file', url: `${server.url}/f`, relative_path: 'f' }, dest, fast);
    expect(await read('f')).toBe('finally');
    expect(server.requests).toHaveLength(3);
  });

  it('fails at once on 404, with the status and no query string in the error', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const err = await downloadVolume({ volume_type: 'single_file', url: `${server.url}/missing?sig=topsecret`, relative_path: 'f' }, dest, fast).catch((e: unknown) => e);
    expect(executorIo.is(err, 'DOWNLOAD_FAILED')).toBe(true);
    expect(server.requests).toHaveLength(1);
    const typed = err as { context: Record<string, unknown>; message: string };
    expect(typed.context).toEqual({ url: `${server.url}/missing`, status: 404 });
    expect(JSON.stringify(typed.context) + typed.message).not.toContain('topsecret');
  });

  it('gives up after the configured retries', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const err = await downloadVolume({ volume_type: 'single_file', url: `${server.url}/f`, relative_path: 'f' }, dest, { ...fast, retries: 2 }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'DOWNLOAD_FAILED')).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it('resumes with Range after a connection drops mid-body', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = i % 251;
    const server = await serve(async (req, res) => {
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        res.writeHead(206, { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'content-length': String(body.length - start), etag: '"v1"' });
        res.end(body.subarray(start));
        return;
      }
      res.writeHead(200, { 'accept-ranges': 'bytes', 'content-length': String(body.length), etag: '"v1"' });
      for (let at = 0; at < body.length / 2; at += 64 * 1024) {
        if (!res.write(body.subarray(at, at + 64 * 1024))) await once(res, 'drain');
      }
      res.destroy();
    });
    const report = await downloadVolume({ volume_type: 'single_file', url: `${server.url}/f`, relative_path: 'f' }, dest, fast);
    expect((await readFile(join(dest, 'f'))).equals(body)).toBe(true);
    expect(server.requests).toHaveLength(2);
    const start = Number(/^bytes=(\d+)-$/.exec(server.requests[1]?.headers.range ?? '')?.[1]);
    expect(start).toBeGreaterThan(0);
    expect(server.requests[1]?.headers['if-range']).toBe('"v1"');
    expect(report.bytes).toBe(body.length);
  });

  it('stops with IO_ABORTED when the caller aborts', async () => {
    const controller = new AbortController();
    const server = await serve((_req, res) => {
      res.writeHead(503);
      res.end();
      controller.abort();
    });
    const err = await downloadVolume({ volume_type: 'single_file', url: `${server.url}/f`, relative_path: 'f' }, dest, { ...fast, backoffMs: 60_000, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(executorIo.is(err, 'IO_ABORTED')).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
