/**
 * The validator's Prometheus metrics (`horde_validator_*`), on the registry the admin API serves at
 * /metrics. Services get this object and call its named hooks where the events happen; gauges that
 * mirror database state (active and blacklisted miners) are read at scrape time, so every process
 * scraping them agrees. Label values are bounded (labels.ts): statuses and reasons from the wire
 * enums, known executor classes, incident types and weight modes — never hotkeys or job uuids.
 */
import type { V0JobStatusUpdate } from '@horde/protocol';
import { Counter, Gauge, Histogram, createMetricsRegistry } from '@horde/service';
import type { Logger, Registry } from '@horde/service';
import type { MinersRepo } from '../db/miners';
import type { IncidentType } from '../db/schema';
import type { MinerOutcome } from '../miner-client/outcome';
import type { ProgressStatus } from '../miner-client/run-on-miner';
import { classLabel, reasonLabel } from './labels';

const PREFIX = 'horde_validator_';
/** Job and stage durations: sub-second stages up to hour-long jobs. */
const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** A stage of a try on a miner, timed from the previous one (`accepted` from the job request sent). */
export type JobStage = ProgressStatus | 'completed';

/** What a weight-setting attempt ended as, and how it was sent. */
export type WeightOutcome = 'done' | 'pending' | 'failed' | 'skipped';

export class ValidatorMetrics {
  readonly registry: Registry;
  private readonly jobs: Counter<'status' | 'reason'>;
  private readonly jobDuration: Histogram<'status'>;
  private readonly stageDuration: Histogram<'stage'>;
  private readonly routingPicks: Counter<'executor_class'>;
  private readonly noMiner: Counter<'executor_class'>;
  private readonly failovers: Counter<'outcome'>;
  private readonly incidents: Counter<'type'>;
  private readonly chainBlock: Gauge;
  private readonly minersSyncs: Counter<'outcome'>;
  private readonly minersSyncLastSuccess: Gauge;
  private readonly weightSettings: Counter<'status' | 'mode'>;
  private readonly commitsPendingReveal: Gauge;
  private readonly facilitatorReconnects: Counter;
  private lastMinersSync: number | undefined;

  constructor(registry: Registry = createMetricsRegistry()) {
    this.registry = registry;
    const registers = [registry];
    this.jobs = new Counter({ name: `${PREFIX}jobs_total`, help: 'Organic jobs by terminal status and reason (wire enum; none when completed or cancelled)', labelNames: ['status', 'reason'], registers });
    this.jobDuration = new Histogram({ name: `${PREFIX}job_duration_seconds`, help: 'Organic jobs from the worker taking them to their final status, by status', labelNames: ['status'], buckets: DURATION_BUCKETS, registers });
    this.stageDuration = new Histogram({ name: `${PREFIX}job_stage_seconds`, help: 'Time to reach each stage of a try on a miner from the previous one (accepted: from the job request sent)', labelNames: ['stage'], buckets: DURATION_BUCKETS, registers });
    this.routingPicks = new Counter({ name: `${PREFIX}routing_picks_total`, help: 'Miners picked to try a job on, by executor class', labelNames: ['executor_class'], registers });
    this.noMiner = new Counter({ name: `${PREFIX}routing_no_miner_total`, help: 'Jobs rejected with no_miner_for_job, by executor class', labelNames: ['executor_class'], registers });
    this.failovers = new Counter({ name: `${PREFIX}failovers_total`, help: 'Jobs moved to another miner, by the outcome of the abandoned try', labelNames: ['outcome'], registers });
    this.incidents = new Counter({ name: `${PREFIX}miner_incidents_total`, help: 'Miner incidents recorded, by type', labelNames: ['type'], registers });
    this.chainBlock = new Gauge({ name: `${PREFIX}chain_block`, help: 'The last block number read from the chain', registers });
    this.minersSyncs = new Counter({ name: `${PREFIX}miners_sync_total`, help: 'Miners syncs from the metagraph, by outcome (ok, chain_error)', labelNames: ['outcome'], registers });
    this.minersSyncLastSuccess = new Gauge({ name: `${PREFIX}miners_sync_last_success_timestamp_seconds`, help: 'Unix time of the last successful miners sync', registers });
    const lastSync = (): number | undefined => this.lastMinersSync;
    new Gauge({
      name: `${PREFIX}miners_sync_age_seconds`,
      help: 'Seconds since the last successful miners sync (absent before the first)',
      registers,
      collect() {
        const last = lastSync();
        if (last !== undefined) this.set((Date.now() - last) / 1000);
      },
    });
    this.weightSettings = new Counter({ name: `${PREFIX}weight_settings_total`, help: 'Weight-setting attempts by status (done, pending, failed, skipped) and mode (set, v2, v4, none)', labelNames: ['status', 'mode'], registers });
    this.commitsPendingReveal = new Gauge({ name: `${PREFIX}weight_commits_pending_reveal`, help: 'CR-v2 weight commits waiting for their reveal epoch', registers });
    this.facilitatorReconnects = new Counter({ name: `${PREFIX}facilitator_reconnects_total`, help: 'Connections to the facilitator dialled again after a loss or a failure', registers });
  }

  /** A job reached its final status (recorded once per job). */
  jobEnded(update: V0JobStatusUpdate): void {
    const metadata = update.metadata ?? {};
    const failure = metadata.job_failure_details ?? metadata.horde_failure_details ?? metadata.job_rejection_details;
    this.jobs.inc({ status: update.status, reason: reasonLabel(failure?.reason) });
  }

  /** A worker's run of a job ended with `status` after `seconds`. */
  jobRun(status: string, seconds: number): void {
    this.jobDuration.observe({ status }, seconds);
  }

  /** Times the stages of tries: call `sent` when a job request goes to a miner, `reached` at each stage. */
  stageClock(): { sent(): void; reached(stage: JobStage): void } {
    let since = performance.now();
    return {
      sent: () => {
        since = performance.now();
      },
      reached: (stage) => {
        const now = performance.now();
        this.stageDuration.observe({ stage }, (now - since) / 1000);
        since = now;
      },
    };
  }

  routingPick(executorClass: string): void {
    this.routingPicks.inc({ executor_class: classLabel(executorClass) });
  }

  noMinerForJob(executorClass: string): void {
    this.noMiner.inc({ executor_class: classLabel(executorClass) });
  }

  failover(outcome: MinerOutcome['kind']): void {
    this.failovers.inc({ outcome });
  }

  incident(type: IncidentType): void {
    this.incidents.inc({ type });
  }

  /** The chain answered with this block number. */
  blockSeen(block: number): void {
    this.chainBlock.set(block);
  }

  minersSynced(ok: boolean): void {
    this.minersSyncs.inc({ outcome: ok ? 'ok' : 'chain_error' });
    if (!ok) return;
    this.lastMinersSync = Date.now();
    this.minersSyncLastSuccess.set(this.lastMinersSync / 1000);
  }

  weightSetting(status: WeightOutcome, mode: 'set' | 'v2' | 'v4' | null): void {
    this.weightSettings.inc({ status, mode: mode ?? 'none' });
  }

  pendingReveals(count: number): void {
    this.commitsPendingReveal.set(count);
  }

  facilitatorReconnect(): void {
    this.facilitatorReconnects.inc();
  }

  /** `horde_validator_facilitator_connected`: 1 while `connected()` says so, read at scrape time. */
  watchFacilitator(connected: () => boolean): void {
    new Gauge({
      name: `${PREFIX}facilitator_connected`,
      help: '1 while the facilitator client is authenticated, else 0',
      registers: [this.registry],
      collect() {
        this.set(connected() ? 1 : 0);
      },
    });
  }

  /** Active and blacklisted miner counts, read from the database at scrape time. */
  watchMiners(miners: MinersRepo, logger: Logger): void {
    const read = async (gauge: Gauge, count: () => Promise<number>): Promise<void> => {
      try {
        gauge.set(await count());
      } catch (err) {
        logger.warn({ err, metric: 'miners' }, 'metric read failed; value kept');
      }
    };
    new Gauge({
      name: `${PREFIX}miners_active`,
      help: 'Miners routing may use (active rows of the miners table)',
      registers: [this.registry],
      async collect() {
        await read(this, async () => (await miners.listActive()).length);
      },
    });
    new Gauge({
      name: `${PREFIX}miners_blacklisted`,
      help: 'Miners blacklisted now',
      registers: [this.registry],
      async collect() {
        await read(this, async () => (await miners.blacklistedAt(new Date())).size);
      },
    });
  }
}
