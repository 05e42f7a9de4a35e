/**
 * A minimal zip writer (deflate, UTF-8 names, fixed 1980-01-01 timestamps so equal input gives
 * equal bytes) for inline volumes. Enough for what the executor unpacks: files, no directories
 * entries, no zip64 (each file and the archive stay below 4 GiB; inline volumes are far smaller).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { sdkErrors } from './errors';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const VERSION = 20;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const STORE = 0;
const DOS_DATE_1980_01_01 = (1 << 5) | 1;
const MAX_U32 = 0xffffffff;

export type FileContents = string | Uint8Array;

/** A zip archive holding `files` (path → contents; a string is written as UTF-8). */
export function zipFiles(files: Readonly<Record<string, FileContents>>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [path, contents] of Object.entries(files)) {
    const name = Buffer.from(checkedPath(path), 'utf8');
    const data = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents);
    const deflated = deflateRawSync(data);
    const useDeflate = deflated.length < data.length;
    const stored = useDeflate ? deflated : data;
    const entry = { name, crc: crc32(data), method: useDeflate ? DEFLATE : STORE, size: data.length, compressed: stored.length };
    if (entry.size > MAX_U32 || offset > MAX_U32) throw sdkErrors.error('JOB_SPEC_INVALID', 'inline volume too large for a zip without zip64');
    const local = header(LOCAL_HEADER, entry, 30);
    locals.push(local, name, stored);
    const central = header(CENTRAL_HEADER, entry, 46);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

interface Entry {
  readonly name: Buffer;
  readonly crc: number;
  readonly method: number;
  readonly size: number;
  readonly compressed: number;
}

/** The fixed part of a local (30 bytes) or central (46 bytes) header; the layouts share fields shifted by 2. */
function header(signature: number, entry: Entry, length: 30 | 46): Buffer {
  const buf = Buffer.alloc(length);
  const shift = length === 46 ? 2 : 0;
  buf.writeUInt32LE(signature, 0);
  if (shift) buf.writeUInt16LE(VERSION, 4);
  buf.writeUInt16LE(VERSION, 4 + shift);
  buf.writeUInt16LE(UTF8_NAMES, 6 + shift);
  buf.writeUInt16LE(entry.method, 8 + shift);
  buf.writeUInt16LE(0, 10 + shift);
  buf.writeUInt16LE(DOS_DATE_1980_01_01, 12 + shift);
  buf.writeUInt32LE(entry.crc, 14 + shift);
  buf.writeUInt32LE(entry.compressed, 18 + shift);
  buf.writeUInt32LE(entry.size, 22 + shift);
  buf.writeUInt16LE(entry.name.length, 26 + shift);
  return buf;
}

/** Relative, `/`-separated, no `..`, no empty segments: what a safe unzip accepts. */
function checkedPath(path: string): string {
  const segments = path.split('/');
  if (path.length === 0 || path.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..') || path.includes('\\')) {
    throw sdkErrors.error('JOB_SPEC_INVALID', `inline volume file path ${JSON.stringify(path)} must be relative, without "." or ".." segments`);
  }
  return path;
}
