import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes the job's full stdout and stderr to `stdout.txt` and `stderr.txt` in the output dir (the
 * reference does so before uploading, so they travel with the outputs). Whatever the job left under
 * those names is removed first and the files are created exclusively: a symlink planted by the job
 * must not redirect the write to a host file.
 */
export async function writeStdStreams(outputDir: string, stdout: string, stderr: string): Promise<void> {
  for (const [name, text] of [
    ['stdout.txt', stdout],
    ['stderr.txt', stderr],
  ] as const) {
    const path = join(outputDir, name);
    await rm(path, { recursive: true, force: true });
    await writeFile(path, text, { flag: 'wx' });
  }
}
