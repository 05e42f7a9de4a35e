import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { TarEntry } from './tar';

/**
 * Collects the entries of a root filesystem: parents are added on demand, so the list is always in a
 * valid tar order, and adding the same path twice keeps the first entry.
 */
export class Rootfs {
  private readonly byPath = new Map<string, TarEntry>();

  dir(path: string, mode = 0o755): this {
    const rel = relative(path);
    if (rel === '' || this.byPath.has(rel)) return this;
    this.dir(posix.dirname(rel));
    this.byPath.set(rel, { type: 'dir', path: rel, mode });
    return this;
  }

  file(path: string, data: string | Buffer, mode = 0o644): this {
    return this.add({ type: 'file', path: relative(path), mode, data: Buffer.from(data) });
  }

  /** Copies the host file at `source` (symlinks resolved) to `path`. */
  async hostFile(path: string, source: string, mode = 0o755): Promise<this> {
    const real = await realpath(source);
    const { size } = await stat(real);
    return this.add({ type: 'hostFile', path: relative(path), mode, source: real, size });
  }

  symlink(path: string, target: string): this {
    return this.add({ type: 'symlink', path: relative(path), target });
  }

  entries(): TarEntry[] {
    return [...this.byPath.values()];
  }

  /**
   * sha256 over every entry (host files by content), plus `recipe`: equal digests mean the same image.
   */
  async digest(recipe: string): Promise<string> {
    const hash = createHash('sha256').update(`${recipe}\n`);
    for (const entry of this.byPath.values()) {
      switch (entry.type) {
        case 'dir':
          hash.update(`d ${entry.path} ${entry.mode}\n`);
          break;
        case 'symlink':
          hash.update(`l ${entry.path} ${entry.target}\n`);
          break;
        case 'file':
          hash.update(`f ${entry.path} ${entry.mode} ${sha256(entry.data)}\n`);
          break;
        case 'hostFile':
          hash.update(`f ${entry.path} ${entry.mode} ${await fileSha256(entry.source)}\n`);
          break;
      }
    }
    return hash.digest('hex');
  }

  private add(entry: TarEntry): this {
    if (this.byPath.has(entry.path)) return this;
    this.dir(posix.dirname(entry.path));
    this.byPath.set(entry.path, entry);
    return this;
  }
}

function relative(path: string): string {
  const normal = posix.normalize(`/${path}`).replace(/^\/+|\/+$/g, '');
  return normal === '.' ? '' : normal;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hashes of host files, keyed by path, size and mtime: the node binary is ~100 MB. */
const fileHashes = new Map<string, Promise<string>>();

async function fileSha256(path: string): Promise<string> {
  const { size, mtimeMs, ino } = await stat(path);
  const key = `${path}:${size}:${mtimeMs}:${ino}`;
  let hash = fileHashes.get(key);
  if (!hash) {
    hash = new Promise<string>((resolve, reject) => {
      const h = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => h.update(chunk))
        .on('error', reject)
        .on('end', () => resolve(h.digest('hex')));
    });
    fileHashes.set(key, hash);
    hash.catch(() => fileHashes.delete(key));
  }
  return hash;
}
