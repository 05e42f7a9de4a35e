import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { executorIo } from '../io-errors';
import { resolveInside } from '../volumes/safe-path';

/**
 * The regular files below `outputDir`, as `/`-separated paths relative to it, sorted. Symlinks are
 * neither followed nor listed (the job made them; they could point at host files). Stops with
 * `OUTPUT_TOO_LARGE` as soon as more than `maxFiles` are found (after `exclude`).
 */
export async function listOutputFiles(outputDir: string, maxFiles: number, exclude: ReadonlySet<string> = new Set()): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${rel}/`);
      else if (entry.isFile() && !exclude.has(rel)) {
        files.push(rel);
        if (files.length > maxFiles) {
          throw executorIo.error('OUTPUT_TOO_LARGE', `more than ${maxFiles} files to zip`, { context: { maxFiles } });
        }
      }
    }
  };
  try {
    await walk(outputDir, '');
  } catch (err) {
    if (executorIo.is(err)) throw err;
    throw executorIo.error('OUTPUT_INVALID', 'output directory unreadable', { cause: err });
  }
  return files;
}

/** A job-named output file, checked: inside the output dir (symlinks resolved), a regular file. */
export interface OutputFile {
  /** Real path on the host. */
  path: string;
  /** Normalised `/`-separated path relative to the output dir (what `listOutputFiles` returns). */
  relativePath: string;
}

export async function resolveOutputFile(outputDir: string, relativePath: string): Promise<OutputFile> {
  const invalid = (detail: string, cause?: unknown) => executorIo.error('OUTPUT_INVALID', `${detail}: ${JSON.stringify(relativePath)}`, { cause, context: { relativePath } });
  const lexical = resolveInside(outputDir, relativePath);
  if (lexical === undefined || lexical === resolve(outputDir)) throw invalid('unsafe relative_path');
  let path: string;
  let root: string;
  try {
    [path, root] = await Promise.all([realpath(lexical), realpath(outputDir)]);
  } catch (err) {
    throw invalid('missing output file', err);
  }
  if (!path.startsWith(root + sep)) throw invalid('output file resolves outside the output directory');
  if (!(await stat(path)).isFile()) throw invalid('not a regular file');
  return { path, relativePath: relative(resolve(outputDir), lexical).split(sep).join('/') };
}
