import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { testkitErrors } from './errors';

/** One entry of a rootfs tarball. Paths are relative (`bin/sh`), parents listed before children. */
export type TarEntry =
  | { type: 'dir'; path: string; mode: number }
  | { type: 'file'; path: string; mode: number; data: Buffer }
  /** Streamed from the host file `source`, which must still be `size` bytes long when read. */
  | { type: 'hostFile'; path: string; mode: number; source: string; size: number }
  | { type: 'symlink'; path: string; target: string };

const BLOCK = 512;
/** Fixed mtime so that the same inputs give the same bytes. */
const MTIME = 0;

/** A ustar stream of `entries`, owned by root, ending with the two zero blocks. */
export function tarStream(entries: readonly TarEntry[]): Readable {
  return Readable.from(tarChunks(entries), { objectMode: false });
}

async function* tarChunks(entries: readonly TarEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    switch (entry.type) {
      case 'dir':
        yield header(`${entry.path}/`, entry.mode, 0, '5', '');
        break;
      case 'symlink':
        yield header(entry.path, 0o777, 0, '2', entry.target);
        break;
      case 'file':
        yield header(entry.path, entry.mode, entry.data.length, '0', '');
        yield entry.data;
        yield padding(entry.data.length);
        break;
      case 'hostFile': {
        yield header(entry.path, entry.mode, entry.size, '0', '');
        let read = 0;
        for await (const chunk of createReadStream(entry.source)) {
          const buf = chunk as Buffer;
          read += buf.length;
          if (read > entry.size) break;
          yield buf;
        }
        if (read !== entry.size) {
          throw testkitErrors.error('IMAGE_BUILD_FAILED', `${entry.source} changed size while being archived`, { context: { expected: entry.size } });
        }
        yield padding(entry.size);
        break;
      }
    }
  }
  yield Buffer.alloc(2 * BLOCK);
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

function header(path: string, mode: number, size: number, typeflag: string, linkname: string): Buffer {
  const [prefix, name] = splitPath(path);
  if (Buffer.byteLength(linkname) > 100) {
    throw testkitErrors.error('IMAGE_BUILD_FAILED', `symlink target too long for ustar: ${linkname}`);
  }
  const buf = Buffer.alloc(BLOCK);
  buf.write(name, 0, 100);
  octal(buf, 100, 8, mode);
  octal(buf, 108, 8, 0);
  octal(buf, 116, 8, 0);
  octal(buf, 124, 12, size);
  octal(buf, 136, 12, MTIME);
  buf.fill(' ', 148, 156);
  buf.write(typeflag, 156, 1);
  buf.write(linkname, 157, 100);
  buf.write('ustar\0', 257, 6);
  buf.write('00', 263, 2);
  buf.write('root', 265, 32);
  buf.write('root', 297, 32);
  buf.write(prefix, 345, 155);
  let sum = 0;
  for (const byte of buf) sum += byte;
  buf.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return buf;
}

/** ustar keeps long paths as prefix (155 bytes) + '/' + name (100 bytes). */
function splitPath(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return [prefix, name];
  }
  throw testkitErrors.error('IMAGE_BUILD_FAILED', `path too long for ustar: ${path}`);
}

function octal(buf: Buffer, offset: number, width: number, value: number): void {
  buf.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width);
}
