import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testkitErrors } from './errors';
import { Rootfs } from './rootfs';
import { tarStream } from './tar';

const run = promisify(execFile);

describe('tarStream', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'testkit-tar-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a ustar archive that GNU tar extracts with modes, symlinks, host files and long paths', async () => {
    const host = join(dir, 'host.bin');
    const hostBytes = Buffer.alloc(1234, 7);
    await writeFile(host, hostBytes);
    const longPath = `deep/${'d'.repeat(80)}/${'e'.repeat(60)}/leaf.txt`;
    const rootfs = new Rootfs().dir('tmp', 0o1777).file('etc/motd', 'hello\n').symlink('bin/sh', '/bin/busybox').file(longPath, 'long');
    await rootfs.hostFile('usr/bin/tool', host, 0o755);

    const archive = join(dir, 'rootfs.tar');
    await pipeline(tarStream(rootfs.entries()), createWriteStream(archive));
    const out = join(dir, 'out');
    await run('mkdir', [out]);
    await run('tar', ['-xpf', archive, '-C', out]);

    expect(await readFile(join(out, 'etc/motd'), 'utf8')).toBe('hello\n');
    expect(await readFile(join(out, longPath), 'utf8')).toBe('long');
    expect((await readFile(join(out, 'usr/bin/tool'))).equals(hostBytes)).toBe(true);
    expect((await stat(join(out, 'usr/bin/tool'))).mode & 0o7777).toBe(0o755);
    expect((await stat(join(out, 'tmp'))).mode & 0o7777).toBe(0o1777);
    expect(await readlink(join(out, 'bin/sh'))).toBe('/bin/busybox');
    expect((await stat(archive)).size % 512).toBe(0);
  });

  it('fails when a host file changed size after it was listed', async () => {
    const host = join(dir, 'shrinking.bin');
    await writeFile(host, Buffer.alloc(100));
    const rootfs = await new Rootfs().hostFile('x', host);
    await writeFile(host, Buffer.alloc(10));
    const err = await pipeline(tarStream(rootfs.entries()), createWriteStream(join(dir, 'bad.tar'))).catch((e: unknown) => e);
    expect(testkitErrors.is(err, 'IMAGE_BUILD_FAILED')).toBe(true);
  });
});

describe('Rootfs.digest', () => {
  it('changes with content and recipe, not with repeated computation', async () => {
    const a = new Rootfs().file('etc/x', 'one');
    const b = new Rootfs().file('etc/x', 'two');
    expect(await a.digest('r1')).toBe(await a.digest('r1'));
    expect(await a.digest('r1')).not.toBe(await b.digest('r1'));
    expect(await a.digest('r1')).not.toBe(await a.digest('r2'));
  });
});
