/**
 * The miner's executor managers: how an executor process comes to life for one job.
 * Whatever the manager, the job itself always runs in a container started by the executor.
 */

/** What a manager needs to start the executor of one job. */
export interface ExecutorStartSpec {
  /** Unguessable token; the executor dials `<minerAddress>/v0.1/executor_interface/<token>`. */
  token: string;
  jobUuid: string;
  executorClass: string;
  /** ws:// base address at which executors reach this miner. */
  minerAddress: string;
  /** The executor's own startup stage limit, seconds. */
  startupTimeLimitS: number;
  /** Hard upper bound on the executor's life; the pool kills it after this. */
  ttlMs: number;
}

/** A started executor. Managers may carry private state in subclasses/extra fields. */
export interface ExecutorHandle {
  readonly token: string;
  readonly executorClass: string;
  readonly startedAt: number;
  /** Where a streaming client could reach the executor's host, when known. */
  readonly host?: string;
}

export interface ExecutorManager {
  readonly kind: 'process' | 'docker' | (string & {});
  /** How many executors of each class this manager can run at once. */
  manifest(): Promise<Record<string, number>>;
  /** Starts an executor; rejects with a typed error when it cannot. */
  start(spec: ExecutorStartSpec): Promise<ExecutorHandle>;
  /** Resolves with the exit status once the executor ended, or null if still running after `timeoutMs`. */
  wait(handle: ExecutorHandle, timeoutMs: number): Promise<number | null>;
  /** Stops the executor and anything it started (its job container); idempotent. */
  kill(handle: ExecutorHandle): Promise<void>;
  /** Public address of the executor's host, for streaming jobs; null when unknown. */
  publicAddress(handle: ExecutorHandle): Promise<string | null>;
  /** Releases resources (child processes, docker connections). */
  close(): Promise<void>;
}
