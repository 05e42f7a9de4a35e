import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer } from '@horde/testkit';
import type { RecordedRequest, TestHttpServer } from '@horde/testkit';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executorIo } from '../io-errors';
import { downloadVolume } from './download-volume';

const logger = pino({ level: 'silent' });
const SHA = 'c0ffee0000000000000000000000000000000001';
const FILES: Record<string, string> = {
  'config.json': '{"a":1}',
  'model.safetensors': 'weights',
  'tokenizer/vocab.txt': 'a b c',
  'README.md': '# readme',
};

/** The hub routes the executor uses: revision listing and resolve, for models and datasets. */
async function startFakeHub(): Promise<TestHttpServer> {
  return startHttpServer((req: RecordedRequest, res) => {
    const url = new URL(req.url, 'http://hub');
    const listing = /^\/api\/(models|datasets)\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    if (listing) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: listing[2], sha: SHA, siblings: Object.keys(FILES).map((rfilename) => ({ rfilename })) }));
      return;
    }
    const resolve = /^\/(datasets\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const content = resolve && resolve[3] === SHA ? FILES[decodeURIComponent(resolve[4] as string)] : undefined;
    if (content === undefined) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.end(content);
  });
}

let dest: string;
let hub: TestHttpServer;
beforeEach(async () => {
  dest = await mkdtemp(join(tmpdir(), 'horde-hf-test-'));
  hub = await startFakeHub();
});
afterEach(async () => {
  await hub.close();
  await rm(dest, { recursive: true, force: true });
});

describe('downloadVolume: huggingface_volume', () => {
  it('downloads the files matching allow_patterns, pinned to the listed commit, with the bearer token', async () => {
    const report = await downloadVolume(
      { volume_type: 'huggingface_volume', repo_id: 'org/model', revision: 'v1', relative_path: 'hf', allow_patterns: ['*.json', 'tokenizer/'], token: 'hf_volume_token' },
      dest,
      { logger, hfEndpoint: hub.url, hfToken: 'hf_executor_token', backoffMs: 5 },
    );
    expect(await readFile(join(dest, 'hf', 'config.json'), 'utf8')).toBe('{"a":1}');
    expect(await readFile(join(dest, 'hf', 'tokenizer', 'vocab.txt'), 'utf8')).toBe('a b c');
    expect((await readdir(join(dest, 'hf'))).sort()).toEqual(['config.json', 'tokenizer']);
    expect(report.files).toBe(2);
    const paths = hub.requests.map((r) => r.url).sort();
    expect(paths).toEqual(['/api/models/org/model/revision/v1', `/org/model/resolve/${SHA}/config.json`, `/org/model/resolve/${SHA}/tokenizer/vocab.txt`]);
    for (const request of hub.requests) expect(request.headers.authorization).toBe('Bearer hf_volume_token');
  });

  it("uses the executor's token when the volume has none, and the dataset routes", async () => {
    await downloadVolume({ volume_type: 'huggingface_volume', repo_id: 'org/data', repo_type: 'dataset', allow_patterns: 'README.*' }, dest, {
      logger,
      hfEndpoint: `${hub.url}/`,
      hfToken: 'hf_executor_token',
    });
    expect(await readFile(join(dest, 'README.md'), 'utf8')).toBe('# readme');
    expect(hub.requests.map((r) => r.url)).toEqual(['/api/datasets/org/data/revision/main', `/datasets/org/data/resolve/${SHA}/README.md`]);
    expect(hub.requests.every((r) => r.headers.authorization === 'Bearer hf_executor_token')).toBe(true);
  });

  it('downloads every file without allow_patterns, and sends no Authorization without a token', async () => {
    const report = await downloadVolume({ volume_type: 'huggingface_volume', repo_id: 'org/model' }, dest, { logger, hfEndpoint: hub.url, concurrency: 2 });
    expect(report.files).toBe(4);
    expect(report.bytes).toBe(Object.values(FILES).join('').length);
    expect(hub.requests.some((r) => r.headers.authorization !== undefined)).toBe(false);
  });

  it('fails with DOWNLOAD_FAILED on an unknown repo', async () => {
    const err = await downloadVolume({ volume_type: 'huggingface_volume', repo_id: 'org/nope', repo_type: 'space' }, dest, { logger, hfEndpoint: hub.url }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'DOWNLOAD_FAILED')).toBe(true);
    expect((err as { context: unknown }).context).toMatchObject({ status: 404 });
    expect(hub.requests).toHaveLength(1);
  });

  it('refuses an unknown repo_type', async () => {
    const err = await downloadVolume({ volume_type: 'huggingface_volume', repo_id: 'org/model', repo_type: 'weird' }, dest, { logger, hfEndpoint: hub.url }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'VOLUME_INVALID')).toBe(true);
  });
});
