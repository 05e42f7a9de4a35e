import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Hotkey } from '@horde/hotkey';
import { createHttpServer, registerVersion } from '@horde/service';
import type { HttpServer, Logger } from '@horde/service';
import type { MinerDb } from './db/database';
import { JobsRepo } from './db/jobs';
import { ReceiptsRepo } from './db/receipts';
import { ValidatorsRepo } from './db/validators';
import { minerErrors } from './errors';
import { MinerMetrics } from './observability/metrics';
import { MINER_VERSION } from './observability/version';
import { registerExecutorInterface } from './server/executor-interface';
import { registerValidatorInterface } from './server/validator-interface';
import type { ExecutorSlots } from './services/executor-slots';
import { JobIntake } from './services/job-intake';
import { JobLifecycle } from './services/job-lifecycle';
import { JobSessions } from './services/job-sessions';
import { ReceiptService } from './services/receipts';
import { DEFAULT_AUTH_POLICY, ReplayCache } from './services/validator-auth';
import type { AuthPolicy } from './services/validator-auth';

export interface MinerAppOptions {
  readonly hotkey: Hotkey;
  readonly db: MinerDb;
  readonly executors: ExecutorSlots;
  readonly logger: Logger;
  /** ws:// base address executors dial; `ws://127.0.0.1:<listening port>` when absent. */
  readonly executorAddress?: string;
  /** The executor's startup stage limit, seconds (5). */
  readonly startupTimeLimitS?: number;
  /** Auth freshness window and future bound (10 s / 60 s). */
  readonly authPolicy?: Partial<AuthPolicy>;
  /** Time a validator has to authenticate (10 s). */
  readonly authTimeoutMs?: number;
  /** The miner's metrics; a fresh registry when omitted. */
  readonly metrics?: MinerMetrics;
}

export interface MinerApp {
  readonly http: HttpServer;
  /** Served on /metrics; main.ts hands it to the chain work. */
  readonly metrics: MinerMetrics;
  /** Listens and resolves with the bound port. */
  listen(host: string, port: number): Promise<number>;
  /** The address executors are told to dial. */
  executorAddress(): string;
  /**
   * Closes the sockets (peers get 1012) and the server, then ends the jobs still live (FAILED,
   * `miner_shutdown`) and waits for their rows; the database and the pool are the caller's.
   */
  close(): Promise<void>;
}

/**
 * Builds the miner's HTTP server from its collaborators: the validator interface, the executor
 * interface, `/health` (with a database check), `/metrics` (the miner's metrics) and `/version`. Used by `main.ts` and by tests.
 */
export function buildMinerApp(options: MinerAppOptions): MinerApp {
  const logger = options.logger;
  const metrics = options.metrics ?? new MinerMetrics();
  const http = createHttpServer({ logger, metrics: metrics.registry });
  registerVersion(http, 'horde_miner_', MINER_VERSION);
  const sessions = new JobSessions();
  const jobs = new JobsRepo(options.db);
  const receiptsRepo = new ReceiptsRepo(options.db);
  const receipts = new ReceiptService(options.hotkey, receiptsRepo);
  const lifecycle = new JobLifecycle({ jobs, executors: options.executors, sessions, metrics });

  const executorAddress = (): string => {
    if (options.executorAddress !== undefined) return options.executorAddress;
    const address = http.server.address() as AddressInfo | null;
    if (address === null) throw minerErrors.error('CONFIG_INVALID', 'the executor address is known only once the server listens');
    return `ws://127.0.0.1:${address.port}`;
  };

  const intake = new JobIntake({
    validators: new ValidatorsRepo(options.db),
    jobs,
    receiptsRepo,
    receipts,
    executors: options.executors,
    sessions,
    lifecycle,
    executorAddress,
    startupTimeLimitS: options.startupTimeLimitS ?? 5,
    logger: logger.child({ component: 'jobs' }),
    metrics,
  });
  registerValidatorInterface(http, {
    hotkey: options.hotkey,
    validators: new ValidatorsRepo(options.db),
    executors: options.executors,
    sessions,
    intake,
    lifecycle,
    receipts,
    authPolicy: { ...DEFAULT_AUTH_POLICY, ...options.authPolicy },
    replays: new ReplayCache(),
    authTimeoutMs: options.authTimeoutMs ?? 10_000,
    logger: logger.child({ component: 'validator-interface' }),
    metrics,
  });
  registerExecutorInterface(http, { hotkey: options.hotkey, sessions, lifecycle, executors: options.executors, logger: logger.child({ component: 'executor-interface' }) });
  http.addHealthCheck('database', () => options.db.execute(sql`select 1`));
  metrics.watchExecutors(options.executors, logger);
  metrics.watchValidators(new ValidatorsRepo(options.db), logger);

  return {
    http,
    metrics,
    async listen(host, port) {
      await http.listen({ host, port });
      return (http.server.address() as AddressInfo).port;
    },
    executorAddress,
    async close() {
      await http.close();
      await lifecycle.drain();
    },
  };
}
