import { lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACT_MAX_BYTES, collectArtifacts } from './artifacts';
import { writeStdStreams } from './std-streams';
import { OUTPUT_MAX_CHARS, truncateOutput } from './truncate';

describe('truncateOutput', () => {
  it('keeps text of at most 1,000,000 characters', () => {
    const exact = 'x'.repeat(OUTPUT_MAX_CHARS);
    expect(truncateOutput(exact)).toBe(exact);
    expect(truncateOutput('short')).toBe('short');
  });

  it('keeps the first and last 500,000 characters around " ... "', () => {
    const text = 'a'.repeat(500_000) + 'MIDDLE' + 'b'.repeat(500_000);
    const out = truncateOutput(text);
    expect(out).toBe(`${'a'.repeat(500_000)} ... ${'b'.repeat(500_000)}`);
    expect(out).toHaveLength(1_000_005);
  });

  it('counts code points as Python does, never splitting a surrogate pair', () => {
    const emoji = '😀'; // two UTF-16 units, one character
    const exact = emoji.repeat(OUTPUT_MAX_CHARS);
    expect(truncateOutput(exact)).toBe(exact);
    const over = emoji.repeat(500_000) + 'z' + emoji.repeat(500_000);
    expect(truncateOutput(over)).toBe(`${emoji.repeat(500_000)} ... ${emoji.repeat(500_000)}`);
  });
});

describe('collectArtifacts and writeStdStreams', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'horde-results-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns small regular files keyed "<artifacts_dir>/<name>", skipping dirs, big files and symlinks', async () => {
    const artifacts = join(dir, 'artifacts');
    await mkdir(join(artifacts, 'sub'), { recursive: true });
    await writeFile(join(artifacts, 'stuff'), 'Hello, Chester Tester!\n');
    await writeFile(join(artifacts, 'sub', 'nested'), 'not collected');
    await writeFile(join(artifacts, 'edge'), Buffer.alloc(ARTIFACT_MAX_BYTES - 1));
    await writeFile(join(artifacts, 'big'), Buffer.alloc(ARTIFACT_MAX_BYTES));
    await symlink('/etc/hostname', join(artifacts, 'link'));
    const { artifacts: collected, skipped } = await collectArtifacts(artifacts, '/artifacts');
    expect(Object.keys(collected).sort()).toEqual(['/artifacts/edge', '/artifacts/stuff']);
    expect(Buffer.from(collected['/artifacts/stuff'] as string, 'base64').toString()).toBe('Hello, Chester Tester!\n');
    expect(skipped).toEqual([
      { name: 'big', reason: 'too_large', size: ARTIFACT_MAX_BYTES },
      { name: 'link', reason: 'not_regular_file' },
      { name: 'sub', reason: 'directory' },
    ]);
  });

  it('keys exactly as the reference f-string (a trailing slash stays), and tolerates a missing dir', async () => {
    await writeFile(join(dir, 'a'), 'A');
    expect(Object.keys((await collectArtifacts(dir, '/out/')).artifacts)).toEqual(['/out//a']);
    expect(await collectArtifacts(join(dir, 'missing'), '/artifacts')).toEqual({ artifacts: {}, skipped: [] });
  });

  it('writes stdout.txt and stderr.txt, replacing a symlink the job planted instead of following it', async () => {
    const victim = join(dir, 'victim');
    await writeFile(victim, 'host file');
    const output = join(dir, 'output');
    await mkdir(output);
    await symlink(victim, join(output, 'stdout.txt'));
    await writeStdStreams(output, 'out text', 'err text');
    expect(await readFile(join(output, 'stdout.txt'), 'utf8')).toBe('out text');
    expect(await readFile(join(output, 'stderr.txt'), 'utf8')).toBe('err text');
    expect((await lstat(join(output, 'stdout.txt'))).isSymbolicLink()).toBe(false);
    expect(await readFile(victim, 'utf8')).toBe('host file');
  });
});
