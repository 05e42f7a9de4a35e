import { ss58FromPublicKey, facilitatorAuthBlob, verify } from '@horde/hotkey';
import { FacilitatorToValidatorMessage, HORDE_FEATURES_HEADER, isTerminalJobStatus, ValidatorToFacilitatorMessage } from '@horde/protocol';
import type { HordeFeature, V0AuthenticationRequest, V0JobStatusUpdate } from '@horde/protocol';
import { registerTypedSocket } from '@horde/service';
import type { HttpServer, Logger } from '@horde/service';
import type { FastifyRequest } from 'fastify';
import type { JobsRepo } from '../db/jobs';
import type { ValidatorsRepo } from '../db/validators';
import { facilitatorErrors } from '../errors';
import type { FacilitatorErrorCode } from '../errors';
import type { FacilitatorMetrics } from '../observability/metrics';
import type { JobEvents } from '../services/job-events';
import { parseFeatures } from '../services/presence';
import type { PresenceRegistry } from '../services/presence';
import type { ValidatorConnection, ValidatorHub } from '../services/validator-hub';
import { isUuid } from '../api-schemas';

export interface ValidatorSocketDeps {
  readonly validators: ValidatorsRepo;
  readonly jobs: JobsRepo;
  readonly hub: ValidatorHub;
  readonly presence: PresenceRegistry;
  readonly events: JobEvents;
  /** Time a validator has to authenticate (10 s). */
  readonly authTimeoutMs: number;
  readonly logger: Logger;
  readonly metrics: FacilitatorMetrics;
}

/** Largest frame a validator may send: status updates carry stdout, stderr and artifacts. */
const MAX_FRAME_BYTES = 50 * 1024 * 1024;

/** `Response{status: "error"}` with one error of the reference's `type` vocabulary. */
function refusal(type: string, msg: string) {
  return { status: 'error' as const, errors: [{ msg, type, help: '' }] };
}

/**
 * The validator channel `/ws/v0/` (docs/PROTOCOL.md, "Validator ↔ facilitator"): the validator
 * authenticates by signing its public key, then heartbeats and reports job statuses; jobs and
 * cancels reach it through the ValidatorHub.
 */
export function registerValidatorSocket(http: HttpServer, deps: ValidatorSocketDeps): void {
  registerTypedSocket(http, {
    path: '/ws/v0/',
    inbound: ValidatorToFacilitatorMessage,
    outbound: FacilitatorToValidatorMessage,
    logger: deps.logger,
    maxFrameBytes: MAX_FRAME_BYTES,
    onInvalidFrame: (error, conn) => {
      if (conn.isOpen) conn.send(refusal('request.invalid', `${error.code}: ${error.message}`.slice(0, 500)));
    },
    onHandlerError: (_error, _type, conn) => {
      if (conn.isOpen) conn.send(refusal('internal_error', 'the facilitator could not handle this message'));
    },
    onConnection: (conn, request) => new ValidatorSession(conn, request, deps).setup(),
  });
}

/** One validator connection: unauthenticated until a valid V0AuthenticationRequest. */
class ValidatorSession {
  private hotkey: string | undefined;
  private readonly features: HordeFeature[];
  private readonly versions: { version?: string | undefined; runnerVersion?: string | undefined };
  private readonly authTimer: NodeJS.Timeout;

  constructor(
    private readonly conn: ValidatorConnection,
    request: FastifyRequest,
    private readonly deps: ValidatorSocketDeps,
  ) {
    this.features = parseFeatures(request.headers[HORDE_FEATURES_HEADER]);
    this.versions = { version: header(request, 'x-validator-version'), runnerVersion: header(request, 'x-validator-runner-version') };
    this.authTimer = setTimeout(() => this.refuse('VALIDATOR_AUTH_TIMEOUT', 'auth.not_authenticated'), deps.authTimeoutMs);
  }

  setup() {
    return {
      handlers: {
        V0AuthenticationRequest: (message: V0AuthenticationRequest) => this.authenticate(message),
        V0Heartbeat: () => this.heartbeat(),
        V0JobStatusUpdate: (message: V0JobStatusUpdate) => this.statusUpdate(message),
        V0MachineSpecsUpdate: () => this.requireAuth(() => this.conn.log.debug('machine specs ignored')),
      },
      onClose: async () => {
        clearTimeout(this.authTimer);
        if (this.hotkey !== undefined) await this.deps.hub.unregister(this.hotkey, this.conn);
      },
    };
  }

  private async authenticate(message: V0AuthenticationRequest): Promise<void> {
    if (this.hotkey !== undefined) {
      this.conn.send(refusal('auth.already_authenticated', 'Already authenticated'));
      return;
    }
    let hotkey: string;
    try {
      const blob = facilitatorAuthBlob(message.public_key);
      hotkey = ss58FromPublicKey(blob);
      if (!verify(blob, message.signature, hotkey)) throw facilitatorErrors.error('VALIDATOR_SIGNATURE_INVALID');
    } catch {
      this.refuse('VALIDATOR_SIGNATURE_INVALID', 'auth.signature_invalid');
      return;
    }
    const row = await this.deps.validators.find(hotkey);
    if (row === undefined || !row.active) {
      this.refuse('VALIDATOR_NOT_FOUND', 'auth.validator_not_found', hotkey);
      return;
    }
    clearTimeout(this.authTimer);
    if (!this.conn.isOpen) return;
    this.hotkey = hotkey;
    await this.deps.presence.markSeen(hotkey, this.features);
    await this.deps.hub.register(hotkey, this.conn, this.features);
    await this.deps.validators.seen(hotkey, this.versions);
    this.conn.log.info({ validator: hotkey, features: this.features }, 'validator authenticated');
    this.conn.send({ status: 'success' });
  }

  private async heartbeat(): Promise<void> {
    await this.requireAuth(async (hotkey) => {
      await this.deps.presence.markSeen(hotkey);
      await this.deps.validators.seen(hotkey);
    });
  }

  private async statusUpdate(message: V0JobStatusUpdate): Promise<void> {
    await this.requireAuth(async (hotkey) => {
      await this.deps.presence.markSeen(hotkey);
      const result = isUuid(message.uuid) ? await this.deps.jobs.addStatus(message.uuid, hotkey, message.status, message.metadata) : ({ outcome: 'job_not_found' } as const);
      switch (result.outcome) {
        case 'job_not_found':
          this.conn.send(refusal('job.not_found', `Job ${message.uuid.slice(0, 100)} not found`));
          return;
        case 'duplicate':
          this.conn.send(refusal('job.integrity_error', `Job ${message.uuid} already has status ${message.status}`));
          return;
        case 'stored':
          this.conn.send({ status: 'success' });
          await this.deps.events.publish(message.uuid, result.entry);
          if (isTerminalJobStatus(message.status)) {
            this.deps.metrics.jobFinished(message.status, (Date.now() - result.jobCreatedAt.getTime()) / 1000);
            this.conn.log.info({ jobUuid: message.uuid, validator: hotkey, outcome: message.status, duration_ms: Date.now() - result.jobCreatedAt.getTime() }, 'job finished');
          }
      }
    });
  }

  private async requireAuth(action: (hotkey: string) => void | Promise<void>): Promise<void> {
    if (this.hotkey === undefined) {
      this.conn.send(refusal('auth.not_authenticated', 'Not authenticated'));
      return;
    }
    await action(this.hotkey);
  }

  /** Answers `Response{status: "error"}` and closes with the code of `code` (3000, 3001, 4003). */
  private refuse(code: FacilitatorErrorCode, type: string, hotkey?: string): void {
    clearTimeout(this.authTimer);
    const error = facilitatorErrors.error(code);
    this.conn.log.warn({ code, validator: hotkey }, 'validator refused');
    if (!this.conn.isOpen) return;
    this.conn.send(refusal(type, error.message));
    this.conn.close(error.wsClose, code);
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value.slice(0, 100) : undefined;
}
