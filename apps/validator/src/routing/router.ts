/**
 * Routing v1: which miners may run a job, best first (reference §4.3, in our own code).
 *
 * Candidates are the active miners of the miners table that are not blacklisted now and whose
 * manifest offers the job's class with an executor not busy with one of our jobs (counted from our
 * receipts). They are ordered by a reliability-weighted random shuffle: reliability is minus the
 * miner's incidents for the class in the window, per executor. A job naming `miner_hotkey` is pinned
 * to that miner, whatever its manifest, blacklist or busy count say (the operator chose it), as long
 * as it is active: a chain miner that left the metagraph or lost its axon is never routed to.
 */
import type { MinerRow, MinersRepo } from '../db/miners';
import type { ReceiptsRepo } from '../db/receipts';
import type { OrganicJobRequest } from '../services/organic-job-request';
import type { ManifestCache } from './manifests';
import { reliabilityScore, reliabilityWeight, weightedShuffle } from './weights';

export interface RouterOptions {
  readonly miners: MinersRepo;
  readonly receipts: ReceiptsRepo;
  readonly manifests: ManifestCache;
  /** Incidents older than this do not count (the reference's 24 h). */
  readonly reliabilityWindowMs: number;
  readonly random: () => number;
}

export class Router {
  constructor(private readonly options: RouterOptions) {}

  /** Miners to try, in order, leaving out `exclude` (hotkeys already tried). */
  async candidates(job: OrganicJobRequest, exclude: ReadonlySet<string>): Promise<MinerRow[]> {
    const { miners } = this.options;
    if (job.miner_hotkey) {
      const pinned = await miners.get(job.miner_hotkey);
      return pinned?.active && !exclude.has(pinned.hotkey) ? [pinned] : [];
    }
    const now = new Date();
    const [active, blacklisted, incidents] = await Promise.all([
      miners.listActive(),
      miners.blacklistedAt(now),
      miners.incidentCounts(job.executor_class, new Date(now.getTime() - this.options.reliabilityWindowMs)),
    ]);
    const eligible = active.filter((miner) => !exclude.has(miner.hotkey) && !blacklisted.has(miner.hotkey));
    const weighted = await Promise.all(
      eligible.map(async (miner) => {
        const offered = (await this.options.manifests.get(miner))[job.executor_class] ?? 0;
        const busy = offered === 0 ? 0 : await this.options.receipts.busyCount(miner.hotkey, job.executor_class, now);
        return { item: miner, free: offered - busy, weight: reliabilityWeight(reliabilityScore(incidents.get(miner.hotkey) ?? 0, offered)) };
      }),
    );
    return weightedShuffle(
      weighted.filter((entry) => entry.free > 0),
      this.options.random,
    );
  }
}
