/** Zip builders and readers for the data-plane tests (test-only). */
import { buffer as readAll } from 'node:stream/consumers';
import yauzl from 'yauzl';
import yazl from 'yazl';

export interface ZipEntrySpec {
  name: string;
  data: Buffer | string;
  /** Unix mode, e.g. `0o120777` for a symlink entry. */
  mode?: number;
}

export async function makeZip(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    zip.addBuffer(Buffer.from(entry.data), entry.name, entry.mode === undefined ? {} : { mode: entry.mode });
  }
  zip.end();
  return readAll(zip.outputStream);
}

/** A zip holding `name`, then every copy of `name` in its bytes replaced by `unsafeName` (same length). */
export async function makeZipWithRawName(name: string, unsafeName: string, data = 'x'): Promise<Buffer> {
  if (name.length !== unsafeName.length) throw new Error('names must have the same length');
  const zip = await makeZip([{ name, data }]);
  const from = Buffer.from(name);
  const to = Buffer.from(unsafeName);
  for (let at = zip.indexOf(from); at !== -1; at = zip.indexOf(from, at + 1)) to.copy(zip, at);
  return zip;
}

/** Every file entry of a zip, by name. */
export async function readZip(source: Buffer | string): Promise<Map<string, Buffer>> {
  const zip = typeof source === 'string' ? await yauzl.openPromise(source, { lazyEntries: true }) : await yauzl.fromBufferPromise(source, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    if (!entry.fileName.endsWith('/')) files.set(entry.fileName, await readAll(await zip.openReadStreamPromise(entry)));
  }
  zip.close();
  return files;
}
