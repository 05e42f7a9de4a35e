/**
 * The facilitator's Prometheus metrics (`horde_facilitator_*`), on the registry of its HTTP server
 * (/metrics). Every replica counts what it handled itself (sum over replicas in queries): jobs it
 * created, terminal statuses its validator sockets stored, its own validator connections and SSE
 * streams, requests it rate-limited. Label values are bounded: wire statuses, known executor
 * classes (others are `other`) and route patterns — never hotkeys or job uuids.
 */
import { executorClassSpec } from '@horde/protocol';
import type { JobStatus } from '@horde/protocol';
import { Counter, Gauge, Histogram, createMetricsRegistry } from '@horde/service';
import type { Registry } from '@horde/service';

const PREFIX = 'horde_facilitator_';

export class FacilitatorMetrics {
  readonly registry: Registry;
  private readonly jobsCreated: Counter<'executor_class'>;
  private readonly jobsFinished: Counter<'status'>;
  private readonly jobDuration: Histogram<'status'>;
  private readonly sseSubscribers: Gauge;
  private readonly rateLimited: Counter<'route'>;

  constructor(registry: Registry = createMetricsRegistry()) {
    this.registry = registry;
    const registers = [registry];
    this.jobsCreated = new Counter({ name: `${PREFIX}jobs_created_total`, help: 'Jobs stored and dispatched to their validator, by executor class', labelNames: ['executor_class'], registers });
    this.jobsFinished = new Counter({ name: `${PREFIX}jobs_finished_total`, help: 'Terminal job statuses stored from validators, by status', labelNames: ['status'], registers });
    this.jobDuration = new Histogram({
      name: `${PREFIX}job_duration_seconds`,
      help: 'From job creation to its terminal status, by status',
      labelNames: ['status'],
      buckets: [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    });
    this.sseSubscribers = new Gauge({ name: `${PREFIX}sse_subscribers`, help: 'Open job status streams (Server-Sent Events) on this replica', registers });
    this.rateLimited = new Counter({ name: `${PREFIX}rate_limited_requests_total`, help: 'Requests answered 429 RATE_LIMITED, by route pattern', labelNames: ['route'], registers });
  }

  jobCreated(executorClass: string): void {
    this.jobsCreated.inc({ executor_class: executorClassSpec(executorClass) ? executorClass : 'other' });
  }

  jobFinished(status: JobStatus, seconds: number): void {
    this.jobsFinished.inc({ status });
    this.jobDuration.observe({ status }, seconds);
  }

  sseOpened(): void {
    this.sseSubscribers.inc();
  }

  sseClosed(): void {
    this.sseSubscribers.dec();
  }

  rateLimitedRequest(route: string | undefined): void {
    this.rateLimited.inc({ route: route ?? 'unmatched' });
  }

  /** `validators_connected`: validators authenticated on this replica, read at scrape time. */
  watchValidators(connected: () => number): void {
    new Gauge({
      name: `${PREFIX}validators_connected`,
      help: 'Validators authenticated on this replica',
      registers: [this.registry],
      collect() {
        this.set(connected());
      },
    });
  }
}
