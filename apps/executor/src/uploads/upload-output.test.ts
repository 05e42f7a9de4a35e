import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpOutputVolumeResponse } from '@horde/protocol';
import { startHttpServer, startS3 } from '@horde/testkit';
import type { RecordedRequest, TestHttpServer, TestS3 } from '@horde/testkit';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executorIo } from '../io-errors';
import { readZip } from '../volumes/test-support/zips';
import type { UploadOutputOptions } from './options';
import { uploadOutput } from './upload-output';

const logger = pino({ level: 'silent' });
const fast: UploadOutputOptions = { logger, backoffMs: 5 };
const BUCKET = 'outputs';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3({ buckets: [BUCKET] });
});
afterAll(async () => {
  await s3.close();
});

let outputDir: string;
let servers: TestHttpServer[];
beforeEach(async () => {
  outputDir = await mkdtemp(join(tmpdir(), 'horde-upload-test-'));
  servers = [];
  await mkdir(join(outputDir, 'nested'));
  await writeFile(join(outputDir, 'result.json'), '{"answer":42}');
  await writeFile(join(outputDir, 'nested', 'log.txt'), 'log line');
  await writeFile(join(outputDir, 'stdout.txt'), 'stdout');
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(outputDir, { recursive: true, force: true });
});

async function serve(handler?: Parameters<typeof startHttpServer>[0]): Promise<TestHttpServer> {
  const server = await startHttpServer(handler);
  servers.push(server);
  return server;
}

function formOf(request: RecordedRequest): Promise<FormData> {
  return new Response(request.body, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
}

const parsed = (results: Record<string, string>, key: string) => HttpOutputVolumeResponse.parse(JSON.parse(results[key] as string));

describe('uploadOutput: single files', () => {
  it('PUTs one file to a presigned S3 URL, readable back, with signed_headers sent', async () => {
    const url = await s3.presignPut(BUCKET, 'jobs/result.json');
    const results = await uploadOutput({ output_upload_type: 'single_file_put', url, relative_path: 'result.json', signed_headers: { 'x-amz-meta-job': 'j1' } }, outputDir, fast);
    expect((await s3.getObject(BUCKET, 'jobs/result.json')).toString()).toBe('{"answer":42}');
    expect(Object.keys(results)).toEqual(['result.json']);
    expect(parsed(results, 'result.json').headers.etag).toBeDefined();
  });

  it('POSTs one file as multipart with the form fields first (presigned POST style)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(201, { 'x-upload': 'yes' });
      res.end('<PostResponse/>');
    });
    const results = await uploadOutput(
      { output_upload_type: 'single_file_post', url: `${server.url}/bucket`, relative_path: 'nested/log.txt', form_fields: { key: 'k/log.txt', policy: 'p0l1cy' }, signed_headers: { 'x-signed': 's' } },
      outputDir,
      fast,
    );
    const request = server.requests[0] as RecordedRequest;
    expect(request.method).toBe('POST');
    expect(request.headers['x-signed']).toBe('s');
    expect(Number(request.headers['content-length'])).toBe(request.body.length);
    const form = await formOf(request);
    expect([...form.keys()]).toEqual(['key', 'policy', 'file']);
    const file = form.get('file') as File;
    expect(file.name).toBe('log.txt');
    expect(await file.text()).toBe('log line');
    expect(parsed(results, 'nested/log.txt')).toEqual({ headers: expect.objectContaining({ 'x-upload': 'yes' }), body: '<PostResponse/>' });
  });

  it('refuses a missing file and a symlink that leaves the output dir', async () => {
    const server = await serve();
    await symlink('/etc', join(outputDir, 'etc'));
    for (const relative_path of ['nope.txt', 'etc/hostname', '../x']) {
      const err = await uploadOutput({ output_upload_type: 'single_file_put', url: server.url, relative_path }, outputDir, fast).catch((e: unknown) => e);
      expect(executorIo.is(err, 'OUTPUT_INVALID'), relative_path).toBe(true);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('uploadOutput: zips of the output dir', () => {
  it('PUTs a zip of the whole output dir with Content-Length, skipping symlinks', async () => {
    await symlink('/etc/hostname', join(outputDir, 'leak'));
    const url = await s3.presignPut(BUCKET, 'jobs/output.zip');
    const results = await uploadOutput({ output_upload_type: 'zip_and_http_put', url }, outputDir, fast);
    const zip = await readZip(await s3.getObject(BUCKET, 'jobs/output.zip'));
    expect([...zip.keys()].sort()).toEqual(['nested/log.txt', 'result.json', 'stdout.txt']);
    expect(zip.get('result.json')?.toString()).toBe('{"answer":42}');
    expect(Object.keys(results)).toEqual(['output.zip']);
  });

  it('POSTs the zip as multipart field "file" named output.zip, after the form fields', async () => {
    const server = await serve((_req, res) => void res.end('stored'));
    const results = await uploadOutput({ output_upload_type: 'zip_and_http_post', url: `${server.url}/up`, form_fields: { token: 'abc' } }, outputDir, fast);
    const form = await formOf(server.requests[0] as RecordedRequest);
    expect([...form.keys()]).toEqual(['token', 'file']);
    const file = form.get('file') as File;
    expect(file.name).toBe('output.zip');
    expect([...(await readZip(Buffer.from(await file.arrayBuffer()))).keys()].sort()).toEqual(['nested/log.txt', 'result.json', 'stdout.txt']);
    expect(parsed(results, 'output.zip').body).toBe('stored');
  });

  it('refuses more files than the zip limit, and a zip over the byte limit, before sending', async () => {
    const server = await serve();
    const tooMany = await uploadOutput({ output_upload_type: 'zip_and_http_put', url: server.url }, outputDir, { ...fast, maxZipFiles: 2 }).catch((e: unknown) => e);
    expect(executorIo.is(tooMany, 'OUTPUT_TOO_LARGE')).toBe(true);
    await writeFile(join(outputDir, 'random.bin'), randomBytes(4096));
    const tooBig = await uploadOutput({ output_upload_type: 'zip_and_http_put', url: server.url }, outputDir, { ...fast, maxZipBytes: 1024 }).catch((e: unknown) => e);
    expect(executorIo.is(tooBig, 'OUTPUT_TOO_LARGE')).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});

describe('uploadOutput: multi_upload', () => {
  it('sends each file, then zips the rest as system_output', async () => {
    const server = await serve((req, res) => void res.end(`got ${req.url}`));
    const putUrl = await s3.presignPut(BUCKET, 'multi/result.json');
    const results = await uploadOutput(
      {
        output_upload_type: 'multi_upload',
        uploads: [
          { output_upload_type: 'single_file_put', url: putUrl, relative_path: 'result.json' },
          { output_upload_type: 'single_file_post', url: `${server.url}/log`, relative_path: './nested/log.txt' },
        ],
        system_output: { output_upload_type: 'zip_and_http_post', url: `${server.url}/system` },
      },
      outputDir,
      fast,
    );
    expect(Object.keys(results)).toEqual(['result.json', './nested/log.txt', 'system_output']);
    expect((await s3.getObject(BUCKET, 'multi/result.json')).toString()).toBe('{"answer":42}');
    expect(parsed(results, './nested/log.txt').body).toBe('got /log');
    expect(parsed(results, 'system_output').body).toBe('got /system');
    const system = server.requests.find((r) => r.url === '/system') as RecordedRequest;
    const zipFile = (await formOf(system)).get('file') as File;
    expect([...(await readZip(Buffer.from(await zipFile.arrayBuffer()))).keys()]).toEqual(['stdout.txt']);
  });
});

describe('uploadOutput: failures and answers', () => {
  it('retries a 500, then fails with UPLOAD_FAILED carrying the status but no query string', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });
    const err = await uploadOutput({ output_upload_type: 'single_file_put', url: `${server.url}/x?X-Amz-Signature=secret`, relative_path: 'result.json' }, outputDir, {
      ...fast,
      retries: 2,
    }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'UPLOAD_FAILED')).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect((err as { context: unknown }).context).toEqual({ url: `${server.url}/x`, status: 500, responseExcerpt: 'boom' });
  });

  it('does not retry a 403', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    const err = await uploadOutput({ output_upload_type: 'zip_and_http_put', url: server.url }, outputDir, fast).catch((e: unknown) => e);
    expect(executorIo.is(err, 'UPLOAD_FAILED')).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('recovers when a 503 is followed by success', async () => {
    const server = await serve((_req, res) => {
      if (server.requests.length === 1) res.writeHead(503);
      res.end('ok');
    });
    const results = await uploadOutput({ output_upload_type: 'single_file_put', url: server.url, relative_path: 'stdout.txt' }, outputDir, fast);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body.toString()).toBe('stdout');
    expect(server.requests[1]?.headers).toMatchObject({ 'content-length': '6' });
    expect(server.requests[1]?.headers['transfer-encoding']).toBeUndefined();
    expect(parsed(results, 'stdout.txt').body).toBe('ok');
  });

  it('refuses an upload URL that is not http(s)', async () => {
    const err = await uploadOutput({ output_upload_type: 'single_file_put', url: 'file:///etc/passwd', relative_path: 'stdout.txt' }, outputDir, fast).catch((e: unknown) => e);
    expect(executorIo.is(err, 'UPLOAD_FAILED')).toBe(true);
  });

  it('caps the recorded response body', async () => {
    const server = await serve((_req, res) => void res.end('x'.repeat(5000)));
    const results = await uploadOutput({ output_upload_type: 'single_file_put', url: server.url, relative_path: 'stdout.txt' }, outputDir, { ...fast, maxResponseBytes: 100 });
    expect(parsed(results, 'stdout.txt').body).toBe('x'.repeat(100));
  });
});
