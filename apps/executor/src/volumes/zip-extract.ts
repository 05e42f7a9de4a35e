import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HordeError } from '@horde/protocol';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { executorIo } from '../io-errors';
import type { ByteBudget } from './budget';
import { resolveInside } from './safe-path';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** A zip on disk (downloaded) or in memory (an inline volume). */
export type ZipSource = { path: string } | { buffer: Buffer };

/**
 * Unpacks a zip into `destDir`, charging the uncompressed bytes to `budget` as they are inflated
 * (so a zip bomb stops at the limit, whatever its headers claim). Refuses absolute paths, `..`,
 * and symlink entries (zip-slip) with `VOLUME_INVALID`. Returns the number of files written.
 */
export async function extractZip(source: ZipSource, destDir: string, budget: ByteBudget, signal?: AbortSignal): Promise<number> {
  const zip = await openZip(source);
  let files = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (signal?.aborted) throw executorIo.error('IO_ABORTED', undefined, { cause: signal.reason });
      const target = resolveInside(destDir, entry.fileName);
      if (target === undefined) throw invalid(`unsafe entry path ${JSON.stringify(entry.fileName)}`);
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw invalid(`symlink entry ${JSON.stringify(entry.fileName)}`);
      if (entry.fileName.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      budget.ensureRoom(entry.uncompressedSize);
      await mkdir(dirname(target), { recursive: true });
      await extractEntry(zip, entry, target, budget, signal);
      files++;
    }
  } catch (err) {
    if (err instanceof HordeError) throw err;
    if (signal?.aborted) throw executorIo.error('IO_ABORTED', undefined, { cause: signal.reason });
    throw invalid('unreadable zip', err);
  } finally {
    zip.close();
  }
  return files;
}

async function openZip(source: ZipSource): Promise<ZipFile> {
  const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true };
  try {
    return 'path' in source ? await yauzl.openPromise(source.path, options) : await yauzl.fromBufferPromise(source.buffer, options);
  } catch (err) {
    throw invalid('not a zip', err);
  }
}

async function extractEntry(zip: ZipFile, entry: Entry, target: string, budget: ByteBudget, signal?: AbortSignal): Promise<void> {
  const input = await zip.openReadStreamPromise(entry);
  const charge = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        budget.take(chunk.byteLength);
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
  });
  await pipeline(input, charge, createWriteStream(target), signal ? { signal } : {});
}

function invalid(detail: string, cause?: unknown): HordeError {
  return executorIo.error('VOLUME_INVALID', detail, { cause });
}
