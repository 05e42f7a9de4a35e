import { executorIo } from '../io-errors';

/**
 * A byte allowance shared by every file of one volume (all parts of a multi_volume), charged while
 * data streams in so that an oversized volume stops early instead of filling the disk.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get remaining(): number {
    return this.limit - this.used;
  }

  get consumed(): number {
    return this.used;
  }

  /** Charges `bytes`; throws `VOLUME_TOO_LARGE` when that goes over the limit. */
  take(bytes: number): void {
    if (this.used + bytes > this.limit) {
      throw executorIo.error('VOLUME_TOO_LARGE', `more than ${this.limit} bytes`, { context: { limitBytes: this.limit } });
    }
    this.used += bytes;
  }

  /** Throws `VOLUME_TOO_LARGE` when `bytes` more would not fit (a declared size, checked up front). */
  ensureRoom(bytes: number): void {
    if (bytes > this.remaining) {
      throw executorIo.error('VOLUME_TOO_LARGE', `${bytes} bytes announced, ${this.remaining} left of ${this.limit}`, {
        context: { limitBytes: this.limit, announcedBytes: bytes },
      });
    }
  }

  /** Gives back bytes charged for data that was thrown away (a download restarted from zero). */
  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
