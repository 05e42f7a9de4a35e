import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { assertNever } from '@horde/protocol';
import type { SimpleVolume, Volume, VolumeType } from '@horde/protocol';
import { executorIo } from '../io-errors';
import { ByteBudget } from './budget';
import { downloadToFile } from './http-download';
import { downloadHuggingface } from './huggingface';
import type { DownloadVolumeOptions, ResolvedDownloadOptions } from './options';
import { resolveDownloadOptions } from './options';
import { resolveInside } from './safe-path';
import { extractZip } from './zip-extract';

export interface VolumeReport {
  volumeType: VolumeType;
  /** Files written into the volume. */
  files: number;
  /** Bytes written into the volume (uncompressed). */
  bytes: number;
  durationMs: number;
}

/**
 * Downloads `volume` into `destDir` (the job's `/volume`), each part into its `relative_path`.
 * Throws `executorIo` errors: `DOWNLOAD_FAILED`, `VOLUME_TOO_LARGE`, `VOLUME_INVALID`, `IO_ABORTED`.
 */
export async function downloadVolume(volume: Volume, destDir: string, options: DownloadVolumeOptions): Promise<VolumeReport> {
  const started = Date.now();
  const resolved = resolveDownloadOptions(options, tmpdir());
  const budget = new ByteBudget(resolved.maxBytes);
  const log = resolved.logger.child({ component: 'volume-download', volumeType: volume.volume_type });
  let files = 0;
  try {
    if (volume.volume_type === 'multi_volume') {
      for (const part of volume.volumes) files += await downloadSimple(part, destDir, budget, resolved);
    } else {
      files = await downloadSimple(volume, destDir, budget, resolved);
    }
  } catch (err) {
    log.warn({ outcome: 'failed', duration_ms: Date.now() - started, err }, 'volume download failed');
    throw err;
  }
  const report: VolumeReport = { volumeType: volume.volume_type, files, bytes: budget.consumed, durationMs: Date.now() - started };
  log.info({ outcome: 'ok', files, bytes: report.bytes, duration_ms: report.durationMs }, 'volume downloaded');
  return report;
}

async function downloadSimple(volume: SimpleVolume, destDir: string, budget: ByteBudget, options: ResolvedDownloadOptions): Promise<number> {
  const target = resolveInside(destDir, volume.relative_path);
  if (target === undefined) throw executorIo.error('VOLUME_INVALID', `unsafe relative_path ${JSON.stringify(volume.relative_path)}`);
  switch (volume.volume_type) {
    case 'inline':
      await mkdir(target, { recursive: true });
      return extractZip({ buffer: Buffer.from(volume.contents, 'base64') }, target, budget, options.signal);
    case 'zip_url':
      await mkdir(target, { recursive: true });
      return downloadZip(volume.contents, target, budget, options);
    case 'single_file':
      if (target === resolve(destDir)) throw executorIo.error('VOLUME_INVALID', 'single_file needs a relative_path naming a file');
      await mkdir(dirname(target), { recursive: true });
      await downloadToFile(volume.url, target, { ...options, budget });
      return 1;
    case 'huggingface_volume':
      await mkdir(target, { recursive: true });
      return downloadHuggingface(volume, target, budget, options);
    default:
      return assertNever(volume, 'volume_type');
  }
}

/**
 * A zip_url volume: the zip goes to a temp file (charged to a budget of its own, capped at what
 * the volume has left), then is unpacked into the volume, uncompressed bytes charged to `budget`.
 */
async function downloadZip(url: string, target: string, budget: ByteBudget, options: ResolvedDownloadOptions): Promise<number> {
  await mkdir(options.tempDir, { recursive: true });
  const tempDir = await mkdtemp(join(options.tempDir, 'horde-volume-'));
  try {
    const zipPath = join(tempDir, 'volume.zip');
    await downloadToFile(url, zipPath, { ...options, budget: new ByteBudget(budget.remaining) });
    return await extractZip({ path: zipPath }, target, budget, options.signal);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}
