/**
 * The miner's Prometheus metrics (`horde_miner_*`), on the registry of its HTTP server (/metrics).
 * Services call the named hooks where the events happen; the executor and validator gauges are
 * read at scrape time (from the pool and the database). Label values are bounded: outcomes and
 * reasons from fixed unions and the error catalog, known executor classes (others are `other`) —
 * never hotkeys or job uuids.
 */
import { HordeFailureReason, JobFailureReason, executorClassSpec } from '@horde/protocol';
import { Counter, Gauge, Histogram, createMetricsRegistry } from '@horde/service';
import type { Logger, Registry } from '@horde/service';
import type { AcceptedJobPatch } from '../db/jobs';
import type { ValidatorsRepo } from '../db/validators';
import type { ExecutorPool } from '../executor-managers/pool';
import type { AnnounceResult } from '../services/axon-announcer';
import type { CommitResult } from '../services/manifest-commitment';

const PREFIX = 'horde_miner_';

/** How the miner answered a V0InitialJobRequest. */
export type JobRequestOutcome =
  | { readonly outcome: 'accepted' }
  | { readonly outcome: 'declined'; readonly reason: 'validator_blacklisted' | 'invalid_signature' | 'busy' }
  | { readonly outcome: 'failed'; readonly reason: 'executor_spinup_failed' };

/** Why a job ended, as stored: the miner's own reasons and the wire failure reasons; anything else is `other`. */
const FINISH_REASONS: ReadonlySet<string> = new Set<string>(['busy', 'validator_disconnected', 'miner_shutdown', 'executor_failed', ...HordeFailureReason.options, ...JobFailureReason.options]);

const classLabel = (executorClass: string): string => (executorClassSpec(executorClass) ? executorClass : 'other');

export class MinerMetrics {
  readonly registry: Registry;
  private readonly jobRequests: Counter<'outcome' | 'reason'>;
  private readonly jobsFinished: Counter<'status' | 'reason'>;
  private readonly executorStartup: Histogram<'executor_class'>;
  private readonly authFailures: Counter<'reason'>;
  private readonly axonAnnouncements: Counter<'result'>;
  private readonly manifestCommitments: Counter<'result'>;

  constructor(registry: Registry = createMetricsRegistry()) {
    this.registry = registry;
    const registers = [registry];
    this.jobRequests = new Counter({ name: `${PREFIX}job_requests_total`, help: 'Initial job requests by outcome (accepted, declined, failed) and reason', labelNames: ['outcome', 'reason'], registers });
    this.jobsFinished = new Counter({ name: `${PREFIX}jobs_finished_total`, help: 'Jobs ended, by stored status and reason (none when completed)', labelNames: ['status', 'reason'], registers });
    this.executorStartup = new Histogram({
      name: `${PREFIX}executor_startup_seconds`,
      help: 'From the initial job request to the executor reporting ready, by executor class',
      labelNames: ['executor_class'],
      buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 240],
      registers,
    });
    this.authFailures = new Counter({ name: `${PREFIX}validator_auth_failures_total`, help: 'Validator connections refused, by error code', labelNames: ['reason'], registers });
    this.axonAnnouncements = new Counter({ name: `${PREFIX}axon_announcements_total`, help: 'Axon announcement runs by result (served, unchanged, rate-limited, not-registered, failed)', labelNames: ['result'], registers });
    this.manifestCommitments = new Counter({ name: `${PREFIX}manifest_commitments_total`, help: 'Manifest commitment runs by result (committed, unchanged, failed)', labelNames: ['result'], registers });
  }

  jobRequest(answer: JobRequestOutcome): void {
    this.jobRequests.inc({ outcome: answer.outcome, reason: 'reason' in answer ? answer.reason : 'none' });
  }

  jobFinished(patch: AcceptedJobPatch): void {
    const status = (patch.status ?? 'unknown').toLowerCase();
    const reason = patch.errorType === undefined || patch.errorType === null ? 'none' : FINISH_REASONS.has(patch.errorType) ? patch.errorType : 'other';
    this.jobsFinished.inc({ status, reason });
  }

  executorReady(executorClass: string, seconds: number): void {
    this.executorStartup.observe({ executor_class: classLabel(executorClass) }, seconds);
  }

  /** A validator refused: `code` is an error catalog code (VALIDATOR_UNKNOWN, AUTH_*), anything else `internal`. */
  authFailed(code: string | undefined): void {
    this.authFailures.inc({ reason: code ?? 'internal' });
  }

  axonAnnounced(result: AnnounceResult): void {
    this.axonAnnouncements.inc({ result });
  }

  manifestCommitted(result: CommitResult): void {
    this.manifestCommitments.inc({ result });
  }

  /** `executors_busy` and `executors_available` per class, read from the pool at scrape time. */
  watchExecutors(pool: Pick<ExecutorPool, 'manifest' | 'busyCount'>, logger: Logger): void {
    const gauge = (name: string, help: string, value: (offered: number, busy: number) => number): void => {
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        labelNames: ['executor_class'],
        registers: [this.registry],
        async collect() {
          try {
            const manifest = await pool.manifest();
            this.reset();
            for (const [executorClass, offered] of Object.entries(manifest)) this.set({ executor_class: classLabel(executorClass) }, value(offered, pool.busyCount(executorClass)));
          } catch (err) {
            logger.warn({ err, metric: name }, 'metric read failed; values kept');
          }
        },
      });
    };
    gauge('executors_busy', 'Executors running or starting a job, by executor class', (_offered, busy) => busy);
    gauge('executors_available', 'Executors free for a job (offered minus busy), by executor class', (offered, busy) => Math.max(0, offered - busy));
  }

  /** `validators_allowed`: active validators not blacklisted, read from the database at scrape time. */
  watchValidators(validators: Pick<ValidatorsRepo, 'allowedCount'>, logger: Logger): void {
    new Gauge({
      name: `${PREFIX}validators_allowed`,
      help: 'Validators allowed to send jobs (active in the validator list, not blacklisted)',
      registers: [this.registry],
      async collect() {
        try {
          this.set(await validators.allowedCount());
        } catch (err) {
          logger.warn({ err, metric: 'validators' }, 'metric read failed; value kept');
        }
      },
    });
  }
}
