import type { Hotkey } from '@horde/hotkey';
import { HORDE_FEATURES_HEADER, MinerToValidatorMessage, REFERENCE_EXECUTOR_CLASSES, ValidatorToMinerMessage } from '@horde/protocol';
import type { ValidatorAuthForMiner } from '@horde/protocol';
import { registerTypedSocket } from '@horde/service';
import type { ConnectionSetup, Handlers, HttpServer, Logger, ServerSocketOptions } from '@horde/service';
import type { ValidatorsRepo } from '../db/validators';
import { minerErrors } from '../errors';
import type { MinerMetrics } from '../observability/metrics';
import type { ExecutorSlots } from '../services/executor-slots';
import type { JobIntake } from '../services/job-intake';
import type { JobLifecycle } from '../services/job-lifecycle';
import type { JobSessions, ValidatorConnection } from '../services/job-sessions';
import type { ReceiptService } from '../services/receipts';
import { checkValidatorAuth } from '../services/validator-auth';
import type { AuthPolicy, ReplayCache } from '../services/validator-auth';
import { genericError } from './generic-error';

export const VALIDATOR_INTERFACE_PATH = '/v0.1/validator_interface/:validatorHotkey';

type In = typeof ValidatorToMinerMessage;
type Out = typeof MinerToValidatorMessage;
/** The HTTP upgrade request of a connection. */
type UpgradeRequest = Parameters<ServerSocketOptions<In, Out>['onConnection']>[1];
type Handler = (message: never, conn: ValidatorConnection) => void | Promise<void>;

export interface ValidatorInterfaceDeps {
  readonly hotkey: Hotkey;
  readonly validators: ValidatorsRepo;
  readonly executors: ExecutorSlots;
  readonly sessions: JobSessions;
  readonly intake: JobIntake;
  readonly lifecycle: JobLifecycle;
  readonly receipts: ReceiptService;
  readonly authPolicy: AuthPolicy;
  readonly replays: ReplayCache;
  /** Time a validator has to authenticate after connecting (10 s). */
  readonly authTimeoutMs: number;
  readonly logger: Logger;
  readonly metrics: MinerMetrics;
}

/** Frames a validator may send before its auth frame; more close the connection. */
const MAX_PRE_AUTH_FRAMES = 64;

/**
 * `/v0.1/validator_interface/<validator_hotkey>` (docs/PROTOCOL.md, "Validator ↔ miner"): the
 * validator must be known and active, must authenticate within `authTimeoutMs`, and frames sent
 * before auth are handled right after it, in order. Every refusal is a GenericError carrying the
 * typed code, then a close with that code's close status.
 */
export function registerValidatorInterface(app: HttpServer, deps: ValidatorInterfaceDeps): void {
  registerTypedSocket(app, {
    path: VALIDATOR_INTERFACE_PATH,
    inbound: ValidatorToMinerMessage,
    outbound: MinerToValidatorMessage,
    logger: deps.logger,
    onConnection: (conn, request) => openConnection(conn, request, deps),
    onInvalidFrame: (error, conn) => reply(conn, error),
    onHandlerError: (error, _type, conn) => reply(conn, error),
  });
}

/**
 * A reference validator validates manifest keys against its fixed list of executor classes and
 * refuses the WHOLE manifest when one is unknown; Horde's own hardware classes (A6000, A100, ...)
 * are therefore advertised only to validators that announce the `executor-classes` feature in the
 * X-Horde-Features header of their upgrade request.
 */
export function advertisedManifest(manifest: Record<string, number>, request: UpgradeRequest): Record<string, number> {
  const header = request.headers[HORDE_FEATURES_HEADER];
  const features = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((f) => f.trim());
  if (features.includes('executor-classes')) return manifest;
  const reference = new Set<string>(REFERENCE_EXECUTOR_CLASSES);
  return Object.fromEntries(Object.entries(manifest).filter(([executorClass]) => reference.has(executorClass)));
}

function reply(conn: ValidatorConnection, error: unknown): void {
  if (conn.isOpen) conn.send(genericError(error));
}

/** Sends the refusal and closes with the error's close code. */
function refuse(conn: ValidatorConnection, error: unknown): void {
  reply(conn, error);
  conn.close(minerErrors.is(error) ? error.wsClose : 1011, minerErrors.is(error) ? error.code : 'internal error');
}

async function openConnection(conn: ValidatorConnection, request: UpgradeRequest, deps: ValidatorInterfaceDeps): Promise<ConnectionSetup<In, Out>> {
  const validatorHotkey = (request.params as { validatorHotkey: string }).validatorHotkey;
  const log = conn.log.child({ validator: validatorHotkey });
  const row = await deps.validators.find(validatorHotkey);
  if (row === undefined || !row.active) {
    const error = minerErrors.error(row === undefined ? 'VALIDATOR_UNKNOWN' : 'VALIDATOR_INACTIVE', validatorHotkey);
    deps.metrics.authFailed(error.code);
    reply(conn, error);
    throw error; // closes with the error's code (4002)
  }

  let authenticated = false;
  const backlog: Array<() => Promise<void>> = [];
  const authTimer = setTimeout(() => {
    if (authenticated) return;
    deps.metrics.authFailed('AUTH_TIMEOUT');
    refuse(conn, minerErrors.error('AUTH_TIMEOUT', `${deps.authTimeoutMs} ms`));
  }, deps.authTimeoutMs);

  const authenticate = async (message: ValidatorAuthForMiner): Promise<void> => {
    if (authenticated) throw minerErrors.error('AUTH_REPEATED');
    try {
      checkValidatorAuth(message, { validatorHotkey, minerHotkey: deps.hotkey.address }, deps.authPolicy, deps.replays);
    } catch (err) {
      log.warn({ code: minerErrors.is(err) ? err.code : undefined }, 'validator refused');
      deps.metrics.authFailed(minerErrors.is(err) ? err.code : undefined);
      refuse(conn, err);
      return;
    }
    authenticated = true;
    clearTimeout(authTimer);
    log.info('validator authenticated');
    conn.send({ message_type: 'V0ExecutorManifestRequest', manifest: advertisedManifest(await deps.executors.manifest(), request) });
    for (const queued of backlog.splice(0)) await queued();
  };

  const jobs = jobHandlers(validatorHotkey, deps);
  /** Runs a handler now when authenticated, else queues it (bounded) for right after auth. */
  const gated = <H extends Handler>(handler: H): H =>
    ((message: never, c: ValidatorConnection) => {
      if (authenticated) return handler(message, c);
      if (backlog.length >= MAX_PRE_AUTH_FRAMES) return refuse(c, minerErrors.error('PRE_AUTH_BACKLOG_FULL', `${MAX_PRE_AUTH_FRAMES} frames`));
      backlog.push(() => runQueued(handler, message, c));
    }) as H;

  const handlers: Handlers<In, Out> = {
    ValidatorAuthForMiner: authenticate,
    V0InitialJobRequest: gated(jobs.V0InitialJobRequest),
    V0JobRequest: gated(jobs.V0JobRequest),
    V0JobAcceptedReceiptRequest: gated(jobs.V0JobAcceptedReceiptRequest),
    V0JobFinishedReceiptRequest: gated(jobs.V0JobFinishedReceiptRequest),
    V0MainHotkeyMessage: gated(jobs.V0MainHotkeyMessage),
    GenericError: (message) => log.warn({ details: message.details?.slice(0, 500) }, 'validator reported an error'),
  };
  return {
    handlers,
    onClose: async () => {
      clearTimeout(authTimer);
      const live = deps.sessions.allOf(conn);
      await Promise.all(live.map((session) => deps.lifecycle.end(session, { status: 'FAILED', errorType: 'validator_disconnected', errorDetail: 'validator disconnected mid-job' }, 'kill')));
    },
  };
}

/** A queued frame runs like a live one: its failure is answered with a GenericError. */
async function runQueued(handler: Handler, message: never, conn: ValidatorConnection): Promise<void> {
  try {
    await handler(message, conn);
  } catch (err) {
    conn.log.error({ err }, 'queued message handler failed');
    reply(conn, err);
  }
}

/** The handlers of an authenticated validator. */
function jobHandlers(validatorHotkey: string, deps: ValidatorInterfaceDeps) {
  return {
    V0InitialJobRequest: (message: Extract<ValidatorToMinerMessage, { message_type: 'V0InitialJobRequest' }>, conn: ValidatorConnection) =>
      deps.intake.initialJob(conn, validatorHotkey, message),
    V0JobRequest: async (message: Extract<ValidatorToMinerMessage, { message_type: 'V0JobRequest' }>, conn: ValidatorConnection) => {
      const session = deps.sessions.ofValidator(conn, message.job_uuid);
      if (session === undefined) throw minerErrors.error('JOB_UNKNOWN', message.job_uuid);
      if (session.jobRequestReceived) throw minerErrors.error('JOB_REQUEST_REPEATED', message.job_uuid);
      await deps.lifecycle.jobRequest(session, message);
    },
    V0JobAcceptedReceiptRequest: (message: Extract<ValidatorToMinerMessage, { message_type: 'V0JobAcceptedReceiptRequest' }>) =>
      deps.receipts.storeAccepted(message, validatorHotkey),
    V0JobFinishedReceiptRequest: (message: Extract<ValidatorToMinerMessage, { message_type: 'V0JobFinishedReceiptRequest' }>) =>
      deps.receipts.storeFinished(message, validatorHotkey),
    // Our executors serve this hotkey only, so the main hotkey is our own (no "dancing").
    V0MainHotkeyMessage: (_message: unknown, conn: ValidatorConnection) => conn.send({ message_type: 'V0MainHotkeyMessage', main_hotkey: deps.hotkey.address }),
  };
}
