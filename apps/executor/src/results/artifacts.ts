import { lstat, readdir, readFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { executorIo } from '../io-errors';

/** The reference returns artifacts smaller than this (bytes); bigger ones are skipped. */
export const ARTIFACT_MAX_BYTES = 1_000_000;

export interface SkippedArtifact {
  name: string;
  /** `directory`; `too_large` (≥ 1,000,000 bytes); `not_regular_file` (symlink, socket, ...). */
  reason: 'directory' | 'too_large' | 'not_regular_file';
  size?: number;
}

export interface CollectedArtifacts {
  /** `"<artifacts_dir>/<filename>"` → base64 contents, as in `V0JobFinishedRequest.artifacts`. */
  artifacts: Record<string, string>;
  skipped: SkippedArtifact[];
}

/**
 * Collects the regular files directly in `hostDir` (the host side of the job's artifacts mount),
 * each under 1,000,000 bytes, keyed `f"{artifacts_dir}/{filename}"` like the reference (so a
 * trailing slash in `artifactsDirOnWire` gives a double slash there too). Unlike the reference,
 * symlinks are skipped, never followed: the job wrote them, and they could point at host files.
 * A missing directory yields no artifacts; an unreadable one throws `OUTPUT_INVALID`.
 */
export async function collectArtifacts(hostDir: string, artifactsDirOnWire: string, logger?: Logger): Promise<CollectedArtifacts> {
  const result: CollectedArtifacts = { artifacts: {}, skipped: [] };
  let names: string[];
  try {
    names = (await readdir(hostDir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw executorIo.error('OUTPUT_INVALID', 'artifacts directory unreadable', { cause: err });
  }
  for (const name of names) {
    const path = join(hostDir, name);
    try {
      const skipped = whySkipped(name, await lstat(path));
      if (skipped) {
        result.skipped.push(skipped);
        logger?.info({ artifact: skipped }, 'artifact skipped');
      } else {
        result.artifacts[`${artifactsDirOnWire}/${name}`] = (await readFile(path)).toString('base64');
      }
    } catch (err) {
      throw executorIo.error('OUTPUT_INVALID', `artifact ${JSON.stringify(name)} unreadable`, { cause: err });
    }
  }
  return result;
}

function whySkipped(name: string, stats: Stats): SkippedArtifact | undefined {
  if (stats.isDirectory()) return { name, reason: 'directory' };
  if (!stats.isFile()) return { name, reason: 'not_regular_file' };
  if (stats.size >= ARTIFACT_MAX_BYTES) return { name, reason: 'too_large', size: stats.size };
  return undefined;
}
