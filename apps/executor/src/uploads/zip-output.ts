import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HordeError } from '@horde/protocol';
import yazl from 'yazl';
import { executorIo } from '../io-errors';

export interface BuiltZip {
  path: string;
  size: number;
  /** Removes the zip and its temp dir. */
  dispose(): Promise<void>;
}

/**
 * Zips `files` (paths relative to `outputDir`) into a temp file, streaming each from disk. The zip
 * must stay within `maxBytes`, checked while it is written: `OUTPUT_TOO_LARGE` otherwise.
 */
export async function buildZip(outputDir: string, files: readonly string[], options: { maxBytes: number; tempDir: string; signal?: AbortSignal }): Promise<BuiltZip> {
  await mkdir(options.tempDir, { recursive: true });
  const dir = await mkdtemp(join(options.tempDir, 'horde-output-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'output.zip');
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  zip.on('error', (err: Error) => output.destroy(err));
  for (const file of files) zip.addFile(join(outputDir, file), file);
  zip.end();
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.byteLength;
      if (size > options.maxBytes) done(executorIo.error('OUTPUT_TOO_LARGE', `zip over ${options.maxBytes} bytes`, { context: { maxZipBytes: options.maxBytes } }));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(output, limit, createWriteStream(path), options.signal ? { signal: options.signal } : {});
  } catch (err) {
    await dispose();
    if (err instanceof HordeError) throw err;
    if (options.signal?.aborted) throw executorIo.error('IO_ABORTED', undefined, { cause: options.signal.reason });
    throw executorIo.error('OUTPUT_INVALID', 'could not zip the output', { cause: err });
  }
  return { path, size, dispose };
}
