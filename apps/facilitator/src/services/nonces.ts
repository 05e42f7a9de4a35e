import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { facilitatorErrors } from '../errors';
import type { RedisBus } from './redis-bus';

export interface NonceOptions {
  /** HMAC key (the facilitator secret). */
  readonly secret: string;
  /** How long a nonce can be used, seconds (reference NONCE_LIFETIME: 300). */
  readonly lifetimeS: number;
  /** Clock, in milliseconds (tests move it). */
  readonly now?: () => number;
}

/**
 * Login nonces: `<random hex>:<unix seconds>:<hmac>` (HMAC-SHA256 over the first two parts), so any
 * replica can check one without storing it. Beyond the reference a nonce works only once: its use
 * is recorded in Redis until it would have expired anyway.
 */
export class NonceService {
  private readonly now: () => number;

  constructor(
    private readonly bus: RedisBus,
    private readonly options: NonceOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  issue(): string {
    const value = `${randomBytes(16).toString('hex')}:${Math.floor(this.now() / 1000)}`;
    return `${value}:${this.mac(value)}`;
  }

  /** Throws AUTH_NONCE_INVALID unless `nonce` is one of ours and still fresh. */
  check(nonce: string): void {
    const parts = nonce.split(':');
    if (parts.length !== 3) throw facilitatorErrors.error('AUTH_NONCE_INVALID', 'malformed');
    const [random, issued, mac] = parts as [string, string, string];
    const expected = Buffer.from(this.mac(`${random}:${issued}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw facilitatorErrors.error('AUTH_NONCE_INVALID', 'not issued here');
    const age = this.now() / 1000 - Number(issued);
    if (!(age >= -5 && age <= this.options.lifetimeS)) throw facilitatorErrors.error('AUTH_NONCE_INVALID', 'expired');
  }

  /** Marks a checked nonce used; throws AUTH_NONCE_USED when it already was. */
  async consume(nonce: string): Promise<void> {
    const key = this.bus.key(`nonce:${createHmac('sha256', 'nonce-use').update(nonce).digest('hex')}`);
    const set = await this.bus.commands.set(key, '1', 'EX', this.options.lifetimeS + 10, 'NX');
    if (set === null) throw facilitatorErrors.error('AUTH_NONCE_USED');
  }

  private mac(value: string): string {
    return createHmac('sha256', this.options.secret).update(`nonce:${value}`).digest('base64url');
  }
}
