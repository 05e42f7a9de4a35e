/**
 * The validator's connection to the facilitator (reference §5.2): dial with our version headers
 * and Horde features, authenticate by signing our public key, heartbeat, take job requests and
 * send status updates; on any loss dial again with backoff, forever (the reference gives up after
 * 60 s and lets the process restart). Jobs and their statuses live in JobIntake and StatusOutbox,
 * which outlive connections.
 */
import type { Hotkey } from '@horde/hotkey';
import { DEFAULT_MAX_FRAME_BYTES, HORDE_FEATURES_HEADER, assertNever } from '@horde/protocol';
import type { Response, V0JobStatusUpdate } from '@horde/protocol';
import { CloseCode } from '@horde/service';
import type { Logger } from '@horde/service';
import type { ValidatorMetrics } from '../observability/metrics';
import { DEFAULT_BACKOFF, reconnectDelayMs } from './backoff';
import type { BackoffOptions } from './backoff';
import { facilitatorClientErrors } from './errors';
import type { FacilitatorClientErrorCode } from './errors';
import { FacilitatorSocket } from './facilitator-socket';
import { JobIntake } from './job-intake';
import type { FacilitatorInbound } from './messages';
import { StatusOutbox } from './outbox';
import type { JobSubmitter, SignerPolicy, StatusSource } from './ports';
import { authenticate } from './session-auth';

export interface FacilitatorClientOptions {
  /** e.g. `wss://facilitator.computehorde.io/ws/v0/` */
  readonly url: string;
  readonly hotkey: Hotkey;
  readonly validatorVersion: string;
  readonly runnerVersion: string;
  readonly submitter: JobSubmitter;
  readonly signers: SignerPolicy;
  readonly statuses: StatusSource;
  readonly logger: Logger;
  /** Default 60 000 (the reference's). */
  readonly heartbeatMs?: number;
  /** Bound on dialling, default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Bound on the facilitator's answer to our authentication, default 10 000. */
  readonly authTimeoutMs?: number;
  readonly backoff?: Partial<BackoffOptions>;
  /** Source of the backoff jitter, 0..1 (tests make it deterministic). */
  readonly random?: () => number;
  /** Counts reconnections (the connected gauge reads `state`). */
  readonly metrics?: Pick<ValidatorMetrics, 'facilitatorReconnect'>;
}

/** The part of a facilitator Response we read. */
type ResponseBody = Pick<Response, 'status' | 'errors'>;

export interface FacilitatorClientState {
  /** Authenticated and open. */
  readonly connected: boolean;
  /** Connections attempted since start. */
  readonly attempts: number;
  readonly lastError: FacilitatorClientErrorCode | undefined;
  /** Status updates not yet acknowledged by the facilitator. */
  readonly pendingUpdates: number;
  /** Jobs whose statuses are being forwarded. */
  readonly activeJobs: number;
}

interface SessionResult {
  readonly authenticated: boolean;
  readonly refused: boolean;
}

export class FacilitatorClient {
  private readonly log: Logger;
  private readonly outbox = new StatusOutbox();
  private readonly intake: JobIntake;
  private readonly backoff: BackoffOptions;
  /** The authenticated connection. */
  private conn: FacilitatorSocket | undefined;
  /** The connection being authenticated or in use. */
  private current: FacilitatorSocket | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private attempts = 0;
  private lastError: FacilitatorClientState['lastError'];

  /** Throws CONFIG_INVALID when `url` is not a ws:// or wss:// URL. */
  constructor(private readonly options: FacilitatorClientOptions) {
    if (!URL.canParse(options.url) || !['ws:', 'wss:'].includes(new URL(options.url).protocol)) {
      throw facilitatorClientErrors.error('CONFIG_INVALID', 'the facilitator URL must be a ws:// or wss:// URL');
    }
    this.log = options.logger.child({ component: 'facilitator-client' });
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.intake = new JobIntake({
      ownHotkey: options.hotkey.address,
      submitter: options.submitter,
      signers: options.signers,
      statuses: options.statuses,
      report: (update) => this.report(update),
      logger: options.logger,
    });
  }

  /** Starts dialling; returns at once. */
  /** See JobIntake.adopt: call before anything can publish those jobs' remaining statuses. */
  async adopt(jobUuids: readonly string[]): Promise<void> {
    for (const jobUuid of jobUuids) await this.intake.adopt(jobUuid);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Closes the connection, stops dialling and stops forwarding job statuses. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.current?.close(CloseCode.NORMAL, 'validator stopping');
    await this.loop;
    this.loop = undefined;
    await this.intake.close();
  }

  get state(): FacilitatorClientState {
    const { pending, inFlight } = this.outbox.size;
    return { connected: this.conn !== undefined, attempts: this.attempts, lastError: this.lastError, pendingUpdates: pending + inFlight, activeJobs: this.intake.activeJobs };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.attempts += 1;
      const result = await this.session();
      if (this.stopping) break;
      failures = result.authenticated ? 1 : failures + 1;
      const delayMs = reconnectDelayMs(failures, result.refused, this.backoff, this.options.random);
      this.log.info({ delay_ms: delayMs, failures }, 'dialling the facilitator again after a pause');
      await this.pause(delayMs);
      if (!this.stopping) this.options.metrics?.facilitatorReconnect();
    }
  }

  /** One connection, from dialling to its close; logs one summary line. Never throws. */
  private async session(): Promise<SessionResult> {
    const startedAt = Date.now();
    const summary = (outcome: string, extra: Record<string, unknown>): void =>
      this.log.info({ outcome, duration_ms: Date.now() - startedAt, ...extra }, 'facilitator connection ended');
    // The first Response answers our authentication; later ones acknowledge status updates.
    let answerAuth: ((response: ResponseBody) => void) | undefined;
    const authAnswer = new Promise<ResponseBody>((resolve) => {
      answerAuth = resolve;
    });
    let conn: FacilitatorSocket;
    try {
      conn = await FacilitatorSocket.dial(this.options.url, {
        headers: {
          'X-Validator-Version': this.options.validatorVersion,
          'X-Validator-Runner-Version': this.options.runnerVersion,
          [HORDE_FEATURES_HEADER]: 'cancel',
        },
        connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
        maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
        logger: this.log,
        onMessage: (message) => {
          if (message.message_type === 'Response' && answerAuth) {
            answerAuth(message);
            answerAuth = undefined;
            return;
          }
          return this.dispatch(message);
        },
      });
    } catch (err) {
      const code = facilitatorClientErrors.is(err) ? err.code : 'CONNECT_FAILED';
      this.lastError = code;
      summary('connect_failed', { code });
      return { authenticated: false, refused: false };
    }
    this.current = conn;
    if (this.stopping) conn.close(CloseCode.NORMAL, 'validator stopping');

    const auth = await authenticate(conn, this.options.hotkey, authAnswer, this.options.authTimeoutMs ?? 10_000);
    if (!auth.ok) {
      this.lastError = auth.error.code;
      conn.close(CloseCode.NORMAL, 'authentication failed');
      const closed = await conn.closed;
      this.current = undefined;
      summary(this.stopping ? 'stopped' : auth.error.code.toLowerCase(), { code: auth.error.code, close_code: closed.code });
      return { authenticated: false, refused: auth.error.code === 'AUTH_REFUSED' };
    }

    this.lastError = undefined;
    this.conn = conn;
    this.log.info('authenticated to the facilitator');
    this.flush();
    const heartbeat = setInterval(() => this.heartbeat(conn), this.options.heartbeatMs ?? 60_000);
    const closed = await conn.closed;
    clearInterval(heartbeat);
    this.conn = undefined;
    this.current = undefined;
    this.outbox.requeueInFlight();
    if (!this.stopping) this.lastError = 'CONNECTION_LOST';
    summary(this.stopping ? 'stopped' : 'lost', { close_code: closed.code, pending_updates: this.state.pendingUpdates });
    return { authenticated: true, refused: false };
  }

  private dispatch(message: FacilitatorInbound): void | Promise<void> {
    switch (message.message_type) {
      case 'Response':
        return this.acknowledged(message);
      case 'V2JobRequest':
        return this.intake.onJobRequest(message);
      case 'HordeJobCancelRequest':
        return this.intake.onCancel(message);
      case 'V0JobCheated':
        return this.intake.onCheated(message);
      default:
        return assertNever(message, 'facilitator message');
    }
  }

  private acknowledged(response: ResponseBody): void {
    const update = this.outbox.acknowledge();
    const types = response.errors.map((error) => error.type);
    // A repeat after a reconnect is expected to meet job.integrity_error; anything else is worth a look.
    if (response.status === 'error' && !types.every((type) => type === 'job.integrity_error')) {
      this.log.warn({ jobUuid: update?.uuid, status: update?.status, errors: types }, 'the facilitator refused a status update');
    }
  }

  private report(update: V0JobStatusUpdate): void {
    if (this.outbox.push(update)) this.flush();
  }

  /** Sends what waits, in order, while the socket takes it; the rest waits for the next connection. */
  private flush(): void {
    const conn = this.conn;
    if (!conn?.isOpen) return;
    try {
      this.outbox.flush((update) => {
        try {
          conn.send(update);
          return true;
        } catch (err) {
          if (facilitatorClientErrors.is(err, 'SOCKET_CLOSED')) throw err;
          this.log.error({ err, jobUuid: update.uuid, status: update.status }, 'status update dropped: it cannot be sent');
          return false;
        }
      });
    } catch (err) {
      this.log.debug({ err }, 'status flush interrupted by the socket closing');
    }
  }

  private heartbeat(conn: FacilitatorSocket): void {
    try {
      conn.send({ message_type: 'V0Heartbeat' });
    } catch (err) {
      this.log.debug({ err }, 'heartbeat not sent');
    }
  }

  /** Waits `ms`, or less when stop() is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
