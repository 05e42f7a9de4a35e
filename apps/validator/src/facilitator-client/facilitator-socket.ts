/**
 * One WebSocket connection to the facilitator, with frames read and written by @horde/protocol's
 * codec. Not @horde/service's typed socket: that one uses plain JSON.parse/JSON.stringify, which
 * cannot carry `Signature.timestamp_ns` (nanoseconds, beyond 2^53) exactly, and the user's job
 * signature is computed over that exact integer. Inbound frames are handled one at a time, in
 * order; nothing a frame contains can throw out of here.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { RawData } from 'ws';
import { ValidatorToFacilitatorMessage, parseFrame, serializeFrame } from '@horde/protocol';
import type { Logger } from '@horde/service';
import type { z } from 'zod';
import { facilitatorClientErrors } from './errors';
import { FacilitatorInbound } from './messages';

export interface SocketCloseInfo {
  readonly code: number;
  readonly reason: string;
}

export interface DialOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly connectTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly logger: Logger;
  /** Called for each valid inbound message, in order; the next waits for its promise. */
  readonly onMessage: (message: FacilitatorInbound) => void | Promise<void>;
}

export class FacilitatorSocket {
  readonly closed: Promise<SocketCloseInfo>;
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: DialOptions,
  ) {
    ws.on('message', (data: RawData) => {
      this.queue = this.queue.then(() => this.handle(data)).catch((err: unknown) => options.logger.error({ err }, 'facilitator frame handler failed'));
    });
    // 'error' is always followed by 'close'; listening keeps it from crashing the process.
    ws.on('error', (err) => options.logger.debug({ err }, 'facilitator socket error'));
    this.closed = new Promise((resolve) => {
      ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }));
    });
  }

  /** Resolves once open; rejects with CONNECT_FAILED (refused, reset, HTTP answer, timeout). */
  static dial(url: string, options: DialOptions): Promise<FacilitatorSocket> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(url, { headers: { ...options.headers }, maxPayload: options.maxFrameBytes });
      } catch (cause) {
        reject(facilitatorClientErrors.error('CONFIG_INVALID', 'facilitator URL is not a ws:// or wss:// URL', { cause }));
        return;
      }
      const onError = (err: Error): void => fail('socket error', err);
      const onResponse = (_request: unknown, response: IncomingMessage): void => {
        response.resume();
        fail(`answered HTTP ${response.statusCode ?? 0}`);
      };
      const detach = (): void => {
        clearTimeout(timer);
        ws.off('error', onError);
        ws.off('unexpected-response', onResponse);
      };
      const fail = (detail: string, cause?: unknown): void => {
        detach();
        ws.on('error', () => undefined); // terminate() may still report the failed handshake
        ws.terminate();
        reject(facilitatorClientErrors.error('CONNECT_FAILED', detail, { cause }));
      };
      const timer = setTimeout(() => fail(`no connection in ${options.connectTimeoutMs} ms`), options.connectTimeoutMs);
      ws.once('error', onError);
      ws.once('unexpected-response', onResponse);
      ws.once('open', () => {
        detach();
        resolve(new FacilitatorSocket(ws, options));
      });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Validates and sends; throws SOCKET_CLOSED when the socket is not open. */
  send(message: z.input<typeof ValidatorToFacilitatorMessage>): void {
    if (!this.isOpen) throw facilitatorClientErrors.error('SOCKET_CLOSED');
    this.ws.send(serializeFrame(ValidatorToFacilitatorMessage, message));
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.CLOSING || this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(code, reason);
  }

  private async handle(data: RawData): Promise<void> {
    const parsed = parseFrame(FacilitatorInbound, data, { maxBytes: this.options.maxFrameBytes });
    if (!parsed.ok) {
      // Logged without the frame: job frames carry the user's env.
      if (parsed.error.code !== 'PING_FRAME') this.options.logger.warn({ code: parsed.error.code, context: parsed.error.context }, 'facilitator frame ignored');
      return;
    }
    await this.options.onMessage(parsed.message);
  }
}
