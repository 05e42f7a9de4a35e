import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { RawData } from 'ws';
import type { z } from 'zod';
import { HordeError } from '@horde/protocol';
import { CloseCode } from './close-codes';
import { serviceErrors } from './errors';
import { decodeFrame, encodeFrame } from './frames';
import type { Logger } from './logger';
import { DEFAULT_MAX_FRAME_BYTES, PING_FRAME } from './typed-socket';
import type { CloseInfo, ConnectionSetup, FrameError, MessageSchema, OutboundSchema, TypedConnection, TypedSocketOptions } from './typed-socket';

/** Error code of ws when an inbound frame exceeds its `maxPayload`. */
const WS_FRAME_TOO_LARGE = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/** RFC 6455 limits a close reason to 123 bytes. */
const MAX_CLOSE_REASON_BYTES = 123;

/**
 * A typed connection over one `ws` WebSocket, used by both ends. Inbound frames go through one
 * promise chain, so they are handled strictly in arrival order, one at a time, even when handlers
 * are async. Nothing that happens to a frame can throw out of here.
 */
export class SocketConnection<In extends MessageSchema, Out extends OutboundSchema> implements TypedConnection<Out> {
  readonly id = randomUUID();
  readonly log: Logger;
  readonly closed: Promise<CloseInfo>;
  private readonly maxFrameBytes: number;
  private readonly openedAt = Date.now();
  private queue: Promise<void> = Promise.resolve();
  private setup: ConnectionSetup<In, Out> | undefined;
  private framesIn = 0;
  private framesOut = 0;

  constructor(
    private readonly ws: WebSocket,
    readonly remoteAddress: string,
    private readonly options: TypedSocketOptions<In, Out>,
    logBindings: Record<string, unknown>,
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.log = options.logger.child({ component: 'socket', ...logBindings, conn: this.id });
    ws.on('message', (data) => this.onFrame(data));
    // 'error' is always followed by 'close'; listening keeps it from crashing the process.
    ws.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === WS_FRAME_TOO_LARGE) {
        // ws itself refused a frame above its maxPayload and is closing with 1009.
        this.enqueue(() => this.invalidFrame(serviceErrors.error('FRAME_TOO_LARGE', undefined, { cause: err, context: { limit: this.maxFrameBytes } })), 'onInvalidFrame');
      } else {
        this.log.debug({ err }, 'socket error');
      }
    });
    this.closed = new Promise((resolve) => {
      ws.once('close', (code: number, reason: Buffer) => {
        const info = { code, reason: reason.toString() };
        this.log.info(
          { outcome: code === CloseCode.NORMAL ? 'normal' : 'abnormal', ...info, duration_ms: Date.now() - this.openedAt, frames_in: this.framesIn, frames_out: this.framesOut },
          'connection closed',
        );
        resolve(info);
        this.enqueue(() => this.setup?.onClose?.(info, this), 'onClose');
      });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Installs handlers (possibly computed asynchronously); frames that arrive meanwhile wait. */
  attach(setup: () => ConnectionSetup<In, Out> | Promise<ConnectionSetup<In, Out>>): void {
    this.queue = this.queue.then(async () => {
      try {
        this.setup = await setup();
      } catch (err) {
        const code = err instanceof HordeError ? err.wsClose : CloseCode.INTERNAL_ERROR;
        this.log.warn({ err }, 'connection refused by its setup');
        this.close(code, err instanceof HordeError ? err.code : 'internal error');
      }
    });
  }

  send(message: z.input<Out>): void {
    if (!this.isOpen) throw serviceErrors.error('SOCKET_CLOSED', undefined, { context: { conn: this.id } });
    const text = encodeFrame(message, this.options.outbound, this.maxFrameBytes);
    this.ws.send(text);
    this.framesOut += 1;
  }

  close(code: number = CloseCode.NORMAL, reason = ''): void {
    if (this.ws.readyState === WebSocket.CLOSING || this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(code, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES));
  }

  private onFrame(data: RawData): void {
    const buffer = toBuffer(data);
    const bytes = buffer.byteLength;
    if (bytes > this.maxFrameBytes) {
      const error = serviceErrors.error('FRAME_TOO_LARGE', `${bytes} bytes, limit ${this.maxFrameBytes}`, { context: { bytes, limit: this.maxFrameBytes } });
      this.close(CloseCode.MESSAGE_TOO_BIG, 'frame too large');
      this.enqueue(() => this.invalidFrame(error), 'onInvalidFrame');
      return;
    }
    const text = buffer.toString('utf8');
    if (text === PING_FRAME) return;
    this.framesIn += 1;
    this.enqueue(() => this.dispatch(text), 'dispatch');
  }

  private async dispatch(text: string): Promise<void> {
    const setup = this.setup;
    if (setup === undefined) return; // setup failed: the connection is closing
    const decoded = decodeFrame(text, this.options.inbound, (type) => Object.hasOwn(setup.handlers, type));
    if (!decoded.ok) return this.invalidFrame(decoded.error);
    const type: string = decoded.message.message_type;
    const handler = (setup.handlers as Record<string, (message: unknown, conn: TypedConnection<Out>) => void | Promise<void>>)[type];
    try {
      await handler?.(decoded.message, this);
    } catch (err) {
      this.log.error({ err, message_type: type }, 'message handler failed');
      await this.options.onHandlerError?.(err, type, this);
    }
  }

  private async invalidFrame(error: FrameError): Promise<void> {
    this.log.warn({ code: error.code, message_type: error.context?.message_type }, 'invalid frame');
    await this.options.onInvalidFrame?.(error, this);
  }

  /** Chains a step; a step that throws is logged and the chain goes on. */
  private enqueue(step: () => unknown, what: string): void {
    this.queue = this.queue
      .then(async () => {
        await step();
      })
      .catch((err: unknown) => this.log.error({ err, step: what }, 'socket callback failed'));
  }
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // Cutting may split a multi-byte character; decoding drops the broken tail.
  return bytes.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD+$/, '');
}
