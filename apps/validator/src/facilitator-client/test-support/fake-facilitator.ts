/**
 * A facilitator's validator channel (`/ws/v0/`) for tests, on a real port: it checks the
 * validator's authentication as the reference does (signature over the raw public key; close 3000
 * or 3001 when refused), answers every status update with `Response` (a repeated (job, status) is
 * an integrity error, as in the reference), counts heartbeats, and sends jobs, cancels, cheat
 * reports or any raw text to the connected validators.
 *
 * Frames to the validator are written with @horde/protocol's codec straight to the socket: the
 * typed socket's JSON.stringify cannot write a `bigint` `timestamp_ns`.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type WebSocket from 'ws';
import type { z } from 'zod';
import { facilitatorAuthBlob, ss58FromPublicKey, verify } from '@horde/hotkey';
import { FacilitatorToValidatorMessage, Response, ValidatorToFacilitatorMessage, serializeFrame } from '@horde/protocol';
import type { V0JobStatusUpdate } from '@horde/protocol';
import { ReferenceFacilitatorCloseCode, registerTypedSocket } from '@horde/service';
import type { Logger } from '@horde/service';

export interface FakeFacilitatorOptions {
  readonly logger: Logger;
  /** Listen here (to come back on the same port after a restart); 0 by default. */
  readonly port?: number;
  /** Refuse every validator as unknown (Response error + close 3001). */
  readonly refuse?: boolean;
  /** Never answer authentication (the validator must give up waiting and dial again). */
  readonly silent?: boolean;
}

export interface SeenAuthentication {
  readonly hotkey: string | undefined;
  readonly publicKey: string;
  readonly valid: boolean;
  /** Date.now() when it arrived. */
  readonly at: number;
}

export class FakeFacilitator {
  readonly headers: IncomingHttpHeaders[] = [];
  readonly authentications: SeenAuthentication[] = [];
  readonly updates: V0JobStatusUpdate[] = [];
  heartbeats = 0;
  /** Sockets whose validator authenticated. */
  private readonly authenticated = new Set<WebSocket>();
  private readonly raw = new Map<IncomingMessage, WebSocket>();
  private readonly stored = new Set<string>();

  private constructor(
    private readonly app: FastifyInstance,
    private readonly options: FakeFacilitatorOptions,
  ) {}

  static async start(options: FakeFacilitatorOptions): Promise<FakeFacilitator> {
    const app = Fastify();
    const fake = new FakeFacilitator(app, options);
    fake.register();
    await app.ready();
    app.websocketServer.on('connection', (ws: WebSocket, request: IncomingMessage) => fake.raw.set(request, ws));
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
    return fake;
  }

  get port(): number {
    return (this.app.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws/v0/`;
  }

  get connectedValidators(): number {
    return this.authenticated.size;
  }

  /** Statuses received for one job, in arrival order. */
  statusesOf(jobUuid: string): string[] {
    return this.updates.filter((update) => update.uuid === jobUuid).map((update) => update.status);
  }

  /** Sends a facilitator message to every authenticated validator. */
  send(message: z.input<typeof FacilitatorToValidatorMessage>): void {
    this.sendRaw(serializeFrame(FacilitatorToValidatorMessage, message));
  }

  /** Sends any text or bytes, unchecked, to every authenticated validator. */
  sendRaw(frame: string | Buffer): void {
    for (const ws of this.authenticated) ws.send(frame);
  }

  /** Drops every validator connection (as a facilitator replica going away would). */
  dropConnections(code = 1012): void {
    for (const ws of this.raw.values()) ws.close(code, 'dropped by the test');
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  private register(): void {
    registerTypedSocket(this.app, {
      path: '/ws/v0/',
      inbound: ValidatorToFacilitatorMessage,
      outbound: Response,
      logger: this.options.logger,
      onConnection: (conn, request) => {
        this.headers.push(request.headers);
        const ws = this.raw.get(request.raw);
        void conn.closed.then(() => {
          if (ws) this.authenticated.delete(ws);
          this.raw.delete(request.raw);
        });
        return {
          handlers: {
            V0AuthenticationRequest: (message) => {
              const hotkey = safeAddress(message.public_key);
              const valid = hotkey !== undefined && verify(facilitatorAuthBlob(message.public_key), message.signature, hotkey);
              this.authentications.push({ hotkey, publicKey: message.public_key, valid, at: Date.now() });
              if (this.options.silent) return;
              if (!valid) {
                conn.send({ status: 'error', errors: [{ msg: 'bad signature', type: 'auth.signature_invalid' }] });
                conn.close(ReferenceFacilitatorCloseCode.SIGNATURE_INVALID, 'signature invalid');
              } else if (this.options.refuse) {
                conn.send({ status: 'error', errors: [{ msg: 'no such validator', type: 'auth.validator_not_found' }] });
                conn.close(ReferenceFacilitatorCloseCode.VALIDATOR_NOT_FOUND, 'validator not found');
              } else {
                conn.send({ status: 'success' });
                if (ws) this.authenticated.add(ws);
              }
            },
            V0JobStatusUpdate: (update) => {
              const key = `${update.uuid}:${update.status}`;
              if (this.stored.has(key)) {
                conn.send({ status: 'error', errors: [{ msg: 'duplicate status', type: 'job.integrity_error' }] });
                return;
              }
              this.stored.add(key);
              this.updates.push(update);
              conn.send({ status: 'success' });
            },
            V0Heartbeat: () => {
              this.heartbeats += 1;
            },
            V0MachineSpecsUpdate: () => undefined,
          },
        };
      },
    });
  }
}

function safeAddress(publicKeyHex: string): string | undefined {
  try {
    return ss58FromPublicKey(publicKeyHex);
  } catch {
    return undefined;
  }
}
