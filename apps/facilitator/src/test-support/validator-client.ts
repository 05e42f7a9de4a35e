/**
 * A fake validator for tests: a real `ws` client speaking the facilitator channel (it signs a real
 * V0AuthenticationRequest), which keeps every frame it receives and lets a test wait for the next.
 */
import WebSocket from 'ws';
import type { RawData } from 'ws';
import { sign } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';
import { FacilitatorToValidatorMessage, HORDE_FEATURES_HEADER, parseFrame, serializeFrame, ValidatorToFacilitatorMessage } from '@horde/protocol';
import type { HordeFeature } from '@horde/protocol';
import type { z } from 'zod';

type Inbound = FacilitatorToValidatorMessage;
type Outbound = z.input<typeof ValidatorToFacilitatorMessage>;
export type ResponseFrame = Extract<Inbound, { status: 'error' | 'success' }>;

export interface ValidatorClientOptions {
  readonly url: string;
  readonly key: Hotkey;
  /** Announced in X-Horde-Features; none by default (a reference validator). */
  readonly features?: readonly HordeFeature[];
  readonly headers?: Record<string, string>;
}

export async function connectValidatorClient(options: ValidatorClientOptions): Promise<ValidatorClient> {
  const headers: Record<string, string> = { 'x-validator-version': 'test-1', 'x-validator-runner-version': 'runner-1', ...options.headers };
  if (options.features !== undefined) headers[HORDE_FEATURES_HEADER] = options.features.join(',');
  const ws = new WebSocket(options.url, { headers });
  const client = new ValidatorClient(ws, options.key);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return client;
}

export class ValidatorClient {
  readonly received: Inbound[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly ws: WebSocket,
    readonly key: Hotkey,
  ) {
    ws.on('message', (data: RawData) => {
      const parsed = parseFrame(FacilitatorToValidatorMessage, data);
      if (parsed.ok) this.received.push(parsed.message);
      this.wake?.();
    });
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number, reason: Buffer) => {
        resolve({ code, reason: reason.toString() });
        this.wake?.();
      }),
    );
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a signed V0AuthenticationRequest and resolves with the facilitator's Response. */
  async authenticate(options: { signWith?: Hotkey } = {}): Promise<ResponseFrame> {
    const publicKey = this.key.publicKey;
    this.send({ message_type: 'V0AuthenticationRequest', public_key: Buffer.from(publicKey).toString('hex'), signature: sign(options.signWith ?? this.key, publicKey) });
    return this.nextResponse();
  }

  send(message: Outbound): void {
    this.ws.send(serializeFrame(ValidatorToFacilitatorMessage, message));
  }

  sendRaw(data: string | Uint8Array): void {
    this.ws.send(data, { binary: typeof data !== 'string' });
  }

  /** The next received frame (in order) that `matches`; frames skipped on the way are dropped. */
  async next<T extends Inbound>(matches: (message: Inbound) => message is T, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const message = this.received[this.cursor++]!;
        if (matches(message)) return message;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) throw new Error(`no matching frame (received ${this.received.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  nextResponse(timeoutMs?: number): Promise<ResponseFrame> {
    return this.next((m): m is ResponseFrame => m.message_type === undefined, timeoutMs);
  }

  nextOfType<K extends NonNullable<Inbound['message_type']>>(type: K, timeoutMs?: number): Promise<Extract<Inbound, { message_type: K }>> {
    return this.next((m): m is Extract<Inbound, { message_type: K }> => m.message_type === type, timeoutMs);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    await this.closed;
  }
}
