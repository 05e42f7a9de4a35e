/**
 * Miners' manifests, cached in the database for `maxAgeMs` (5 min by default, as the reference polls)
 * and polled again when older. A failed poll is an incident and leaves the miner without executors
 * until the next poll, `maxAgeMs` later (remembered in this process, so that a dead miner costs one
 * connect timeout per period, not one per job).
 */
import type { Hotkey } from '@horde/hotkey';
import type { Logger } from '@horde/service';
import type { MinerRow, MinersRepo } from '../db/miners';
import { pollManifest } from '../miner-client/manifest';
import type { ValidatorMetrics } from '../observability/metrics';

export interface ManifestCacheOptions {
  readonly key: Hotkey;
  readonly logger: Logger;
  readonly miners: MinersRepo;
  readonly maxAgeMs: number;
  readonly pollTimeoutMs: number;
  readonly metrics?: ValidatorMetrics;
}

export class ManifestCache {
  private readonly failedAt = new Map<string, number>();

  constructor(private readonly options: ManifestCacheOptions) {}

  /** The miner's manifest, polled first when the stored one is missing, stale, or `refresh` is set. */
  async get(miner: MinerRow, refresh = false): Promise<Record<string, number>> {
    const stored = await this.options.miners.manifest(miner.hotkey);
    const fresh = (at: number): boolean => !refresh && Date.now() - at < this.options.maxAgeMs;
    if (stored && fresh(stored.fetchedAt.getTime())) return stored.manifest;
    const failed = this.failedAt.get(miner.hotkey);
    if (failed !== undefined && fresh(failed)) return {};
    try {
      const manifest = await pollManifest(miner, { key: this.options.key, logger: this.options.logger, timeoutMs: this.options.pollTimeoutMs });
      this.failedAt.delete(miner.hotkey);
      await this.options.miners.saveManifest(miner.hotkey, manifest, new Date());
      return manifest;
    } catch (err) {
      this.options.logger.info({ err, miner: miner.hotkey }, 'manifest poll failed');
      this.failedAt.set(miner.hotkey, Date.now());
      await this.options.miners.addIncident('MANIFEST_POLL_FAILED', miner.hotkey, null, null);
      this.options.metrics?.incident('MANIFEST_POLL_FAILED');
      await this.options.miners.saveManifest(miner.hotkey, {}, new Date());
      return {};
    }
  }
}
