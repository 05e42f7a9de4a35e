/**
 * The socket under every fake peer: a real `ws` client that parses each inbound frame with the
 * channel's union, keeps what arrived, and lets a test wait for the next message of a type.
 */
import WebSocket from 'ws';
import type { RawData } from 'ws';
import { parseFrame, serializeFrame } from '@horde/protocol';
import { testkitErrors } from '../errors';

/** The reference transport's frame limit. */
export const MAX_FRAME_BYTES = 50 * 1024 * 1024;

export interface CloseEvent {
  code: number;
  reason: string;
}

/** A zod union of messages, as @horde/protocol exports them (kept structural: the testkit has no zod). */
type Union = Parameters<typeof parseFrame>[0];
type Message = { readonly message_type: string };

interface Waiter<M> {
  readonly matches: (message: M) => boolean;
  readonly resolve: (message: M) => void;
  readonly fail: (why: string) => void;
}

/** A client socket to `url`, not yet open: wrap it in a peer first, so that no early frame is missed. */
export function dial(url: string, headers?: Record<string, string>): WebSocket {
  return new WebSocket(url, { maxPayload: MAX_FRAME_BYTES, ...(headers ? { headers } : {}) });
}

export class PeerSocket<In extends Message, Out extends Message> {
  /** Every message received, in order. */
  readonly received: In[] = [];
  /** Frames that did not parse with the inbound union (a conforming server never sends one). */
  readonly unparsed: string[] = [];
  readonly closed: Promise<CloseEvent>;
  private readonly taken = new Set<In>();
  private readonly arrivals = new WeakMap<object, number>();
  private waiters: Array<Waiter<In>> = [];
  private closeEvent: CloseEvent | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly inbound: Union,
    private readonly outbound: Union,
  ) {
    ws.on('message', (data: RawData) => this.onFrame(data));
    ws.on('error', () => undefined); // 'close' follows
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number, reason: Buffer) => {
        this.closeEvent = { code, reason: reason.toString() };
        for (const waiter of this.waiters.splice(0)) waiter.fail(`(socket closed with ${code})`);
        resolve(this.closeEvent);
      }),
    );
  }

  /** Resolves once the socket is open; rejects on a refused handshake or after `timeoutMs`. */
  async opened(timeoutMs: number): Promise<this> {
    if (this.ws.readyState === WebSocket.OPEN) return this;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        reject(testkitErrors.error('WAIT_TIMEOUT', `connecting to ${new URL(this.ws.url).origin} (after ${timeoutMs} ms)`));
      }, timeoutMs);
      this.ws.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return this;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a message, checked against the outbound union first. */
  send(message: Out): void {
    this.ws.send(serializeFrame(this.outbound, message));
  }

  /** Sends anything, unchecked: text, or bytes as a binary frame. */
  sendRaw(data: string | Uint8Array): void {
    this.ws.send(data, { binary: typeof data !== 'string' });
  }

  /** When `message` arrived (`performance.now()` milliseconds), for latency measurements. */
  arrivedAt(message: In): number | undefined {
    return this.arrivals.get(message);
  }

  /**
   * The first received message of `type` (or of any of `types`; of `jobUuid` when given) that no
   * earlier `next` returned, waiting up to `timeoutMs`. Rejects with WAIT_TIMEOUT, naming what did
   * arrive, on timeout or when the socket closes first.
   */
  next<T extends In['message_type']>(type: T | readonly T[], timeoutMs = 5000, jobUuid?: string): Promise<Extract<In, { message_type: T }>> {
    type Out = Extract<In, { message_type: T }>;
    const types: readonly string[] = typeof type === 'string' ? [type] : (type as readonly string[]);
    const matches = (message: In): boolean =>
      types.includes(message.message_type) && (jobUuid === undefined || ('job_uuid' in message && message.job_uuid === jobUuid));
    const found = this.received.find((message) => !this.taken.has(message) && matches(message));
    if (found) {
      this.taken.add(found);
      return Promise.resolve(found as Out);
    }
    const what = `${types.join('|')}${jobUuid ? ` for ${jobUuid}` : ''}`;
    const failure = (why: string) => {
      const seen = this.received.map((m) => m.message_type).join(', ') || 'nothing';
      return testkitErrors.error('WAIT_TIMEOUT', `${what} ${why}; received: ${seen}`, { context: { what, close: this.closeEvent } });
    };
    if (this.closeEvent) return Promise.reject(failure(`(socket closed with ${this.closeEvent.code})`));
    return new Promise<Out>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(failure(`(after ${timeoutMs} ms)`));
      }, timeoutMs);
      const waiter: Waiter<In> = {
        matches,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Out);
        },
        fail: (why) => {
          clearTimeout(timer);
          reject(failure(why));
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Closes (1000 by default) and waits until the socket is closed. */
  async close(code = 1000, reason = ''): Promise<CloseEvent> {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
    return this.closed;
  }

  /** Drops the TCP connection without a closing handshake (a crashed peer). */
  terminate(): void {
    this.ws.terminate();
  }

  private onFrame(data: RawData): void {
    const parsed = parseFrame(this.inbound, data, { maxBytes: MAX_FRAME_BYTES });
    if (!parsed.ok) {
      this.unparsed.push(`${parsed.error.code}: ${Buffer.isBuffer(data) ? data.toString('utf8').slice(0, 500) : ''}`);
      return;
    }
    const message = parsed.message as In;
    this.arrivals.set(message, performance.now());
    this.received.push(message);
    const waiter = this.waiters.find((w) => w.matches(message));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      this.taken.add(message);
      waiter.resolve(message);
    }
  }
}
