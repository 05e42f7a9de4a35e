/**
 * The live jobs of this miner, by executor token: the validator connection that asked for the job,
 * the executor connection running it, and where the job stands.
 *
 * The reference relays between its validator and executor consumers through Redis channel groups,
 * because Django Channels may run the two consumers in different processes. Horde runs exactly one
 * miner process per hotkey, so both ends of a job always meet in this process and the relay is a
 * plain in-memory registry: no Redis round trip per message, nothing to clean up after a crash.
 */
import type { MinerToExecutorMessage, MinerToValidatorMessage, V0InitialJobRequest, V0JobRequest } from '@horde/protocol';
import type { Logger, TypedConnection } from '@horde/service';

export type ValidatorConnection = TypedConnection<typeof MinerToValidatorMessage>;
export type ExecutorConnection = TypedConnection<typeof MinerToExecutorMessage>;

/**
 * Where a live job stands (the DB status in brackets):
 * `reserving` → `starting` (WAITING_FOR_EXECUTOR) → `connected` → `ready` (WAITING_FOR_PAYLOAD) →
 * `running` (RUNNING) → `ended` (FINISHED / FAILED / REJECTED).
 */
export type SessionState = 'reserving' | 'starting' | 'connected' | 'ready' | 'running' | 'ended';

export class JobSession {
  state: SessionState = 'reserving';
  executor: ExecutorConnection | undefined;
  /** The address put into `streaming_details.executor_ip`, reused for the streaming-ready message. */
  executorIp: string | undefined;
  /** The validator's V0JobRequest, held until the executor is ready. */
  pendingJobRequest: V0JobRequest | undefined;
  jobRequestReceived = false;
  readonly receivedAt = Date.now();
  readonly log: Logger;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly token: string,
    readonly validatorHotkey: string,
    readonly validator: ValidatorConnection,
    readonly initialRequest: V0InitialJobRequest,
    logger: Logger,
  ) {
    this.log = logger.child({ jobUuid: initialRequest.job_uuid, executorClass: initialRequest.executor_class });
  }

  get jobUuid(): string {
    return this.initialRequest.job_uuid;
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  /**
   * Runs this job's database writes one after another in call order, so that a slow early write
   * can never land after (and overwrite) a later one. Resolves when `write` has run; rejects with
   * its error.
   */
  persist(write: () => Promise<unknown>): Promise<void> {
    const run = this.writes.then(async () => {
      await write();
    });
    this.writes = run.catch(() => undefined);
    return run;
  }
}

/** Live jobs by executor token and by job uuid (unique: the accepted_jobs table enforces it). */
export class JobSessions {
  private readonly byToken = new Map<string, JobSession>();
  private readonly byJobUuid = new Map<string, JobSession>();

  add(session: JobSession): void {
    this.byToken.set(session.token, session);
    this.byJobUuid.set(session.jobUuid, session);
  }

  get(token: string): JobSession | undefined {
    return this.byToken.get(token);
  }

  /** The live job `jobUuid` if it belongs to `validator`'s connection. */
  ofValidator(validator: ValidatorConnection, jobUuid: string): JobSession | undefined {
    const session = this.byJobUuid.get(jobUuid);
    return session?.validator === validator ? session : undefined;
  }

  /** Every live job of one validator connection. */
  allOf(validator: ValidatorConnection): JobSession[] {
    return [...this.byToken.values()].filter((session) => session.validator === validator);
  }

  delete(session: JobSession): void {
    if (this.byToken.get(session.token) === session) this.byToken.delete(session.token);
    if (this.byJobUuid.get(session.jobUuid) === session) this.byJobUuid.delete(session.jobUuid);
  }

  all(): JobSession[] {
    return [...this.byToken.values()];
  }
}
