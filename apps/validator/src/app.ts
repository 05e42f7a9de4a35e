/**
 * Builds the validator from its collaborators (database, Redis, key), for main.ts and for tests:
 * repositories, the status bus, routing, the organic-jobs queue and service; `startWorker` runs the
 * queue's worker in this process, `startAdmin` the admin API.
 */
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { Hotkey } from '@horde/hotkey';
import type { Logger } from '@horde/service';
import type { ValidatorDb } from './db/database';
import { OrganicJobsRepo } from './db/jobs';
import { MinersRepo } from './db/miners';
import { ReceiptsRepo } from './db/receipts';
import { WhitelistRepo } from './db/whitelist';
import { CancelChannel } from './jobs/cancel-channel';
import { OrganicQueue } from './jobs/organic-queue';
import type { QueueConnection } from './jobs/organic-queue';
import { OrganicWorker } from './jobs/organic-worker';
import { DEFAULT_MINER_CLIENT_LIMITS } from './miner-client/limits';
import type { MinerClientLimits } from './miner-client/limits';
import { ReceiptSigner } from './miner-client/receipts';
import { ValidatorMetrics } from './observability/metrics';
import { ManifestCache } from './routing/manifests';
import { Router } from './routing/router';
import { createAdminServer } from './server/admin';
import { createOpsServer } from './server/ops';
import type { OpsServer } from './server/ops';
import type { AdminServer } from './server/admin';
import { JobRunner } from './services/job-runner';
import { JobStatusBus } from './services/job-status-bus';
import { OrganicJobs } from './services/organic-jobs';
import { StatusReporter } from './services/status-reporter';

const DAY_MS = 24 * 3600 * 1000;

export interface ValidatorAppOptions {
  readonly key: Hotkey;
  readonly db: ValidatorDb;
  readonly logger: Logger;
  /** ioredis options for pub/sub and keys (a `keyPrefix` is fine). */
  readonly redis: RedisOptions;
  /** Namespace of pub/sub channels (channels ignore ioredis `keyPrefix`). */
  readonly channelPrefix: string;
  /** BullMQ connection (no keyPrefix; `maxRetriesPerRequest: null`) and its key prefix. */
  readonly queue: QueueConnection;
  readonly limits?: Partial<MinerClientLimits>;
  /** Tries per job, failover included (3). */
  readonly maxAttempts?: number;
  /** How long a failing miner is blacklisted (4 h). */
  readonly blacklistMs?: number;
  /** How long a read manifest is trusted (5 min). */
  readonly manifestMaxAgeMs?: number;
  /** Jobs one worker runs at once (8). */
  readonly concurrency?: number;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** Source of routing randomness (Math.random). */
  readonly random?: () => number;
  /** The validator's metrics; a fresh registry when omitted. */
  readonly metrics?: ValidatorMetrics;
}

export interface ValidatorApp {
  /** Served by the admin API's /metrics; main.ts hands it to the chain role and the facilitator client. */
  readonly metrics: ValidatorMetrics;
  readonly organicJobs: OrganicJobs;
  readonly bus: JobStatusBus;
  readonly miners: MinersRepo;
  readonly whitelist: WhitelistRepo;
  readonly jobs: OrganicJobsRepo;
  readonly receipts: ReceiptsRepo;
  /** Starts the organic-jobs worker in this process (first fails jobs orphaned by a dead validator). */
  startWorker(): Promise<OrganicWorker>;
  /** Builds the admin API (not yet listening); once per app, as it serves the app's metrics registry. */
  adminServer(token: string, keepAliveMs?: number): AdminServer;
  /** /health, /metrics and /version alone, for a process without the admin API. */
  opsServer(): OpsServer;
  /** Stops the worker (waiting for its jobs unless `force`) and closes Redis connections. */
  close(force?: boolean): Promise<void>;
}

export function buildValidatorApp(options: ValidatorAppOptions): ValidatorApp {
  const { db, logger } = options;
  const redis = {
    publisher: new Redis(options.redis),
    busSubscriber: new Redis(options.redis),
    cancelSubscriber: new Redis(options.redis),
  };
  for (const [name, client] of Object.entries(redis)) client.on('error', (err: Error) => logger.warn({ err, redis: name }, 'redis connection error'));
  const metrics = options.metrics ?? new ValidatorMetrics();
  const healthChecks = () => ({ database: () => db.execute(sql`select 1`), redis: () => redis.publisher.ping() });
  const miners = new MinersRepo(db);
  metrics.watchMiners(miners, logger);
  const whitelist = new WhitelistRepo(db);
  const jobs = new OrganicJobsRepo(db);
  const receipts = new ReceiptsRepo(db);
  const bus = new JobStatusBus(redis.publisher, redis.busSubscriber, options.channelPrefix);
  const cancels = new CancelChannel(redis.publisher, redis.cancelSubscriber, options.channelPrefix);
  const queue = new OrganicQueue(options.queue);
  const reporter = new StatusReporter(jobs, bus, logger.child({ component: 'status' }), metrics);
  const organicJobs = new OrganicJobs({ jobs, queue, reporter, cancels });
  const limits: MinerClientLimits = { ...DEFAULT_MINER_CLIENT_LIMITS, ...options.limits };
  const manifests = new ManifestCache({ key: options.key, logger, miners, maxAgeMs: options.manifestMaxAgeMs ?? 300_000, pollTimeoutMs: limits.connectMs + 5_000, metrics });
  const router = new Router({ miners, receipts, manifests, reliabilityWindowMs: DAY_MS, random: options.random ?? Math.random });
  const runner = new JobRunner({
    router,
    jobs,
    miners,
    reporter,
    minerClient: { key: options.key, receipts: new ReceiptSigner(options.key, receipts), limits, logger },
    maxAttempts: options.maxAttempts ?? 3,
    blacklistMs: options.blacklistMs ?? 4 * 3600 * 1000,
    logger: logger.child({ component: 'job-runner' }),
    metrics,
  });
  let worker: OrganicWorker | undefined;

  return {
    metrics,
    organicJobs,
    bus,
    miners,
    whitelist,
    jobs,
    receipts,
    async startWorker() {
      worker = new OrganicWorker({
        ...options.queue,
        concurrency: options.concurrency ?? 8,
        runner,
        jobs,
        reporter,
        cancels,
        queue,
        logger: logger.child({ component: 'worker' }),
        ...(options.lockDurationMs === undefined ? {} : { lockDurationMs: options.lockDurationMs }),
        ...(options.stalledIntervalMs === undefined ? {} : { stalledIntervalMs: options.stalledIntervalMs }),
      });
      await worker.start();
      return worker;
    },
    adminServer(token, keepAliveMs = 15_000) {
      return createAdminServer({ token, logger, organicJobs, bus, keepAliveMs, miners, whitelist, incidentWindowMs: DAY_MS, healthChecks: healthChecks(), metrics: metrics.registry });
    },
    opsServer: () => createOpsServer({ logger, metrics: metrics.registry, healthChecks: healthChecks() }),
    async close(force = false) {
      await worker?.close(force);
      await queue.close();
      await Promise.all(Object.values(redis).map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
