import { Redis } from 'ioredis';
import type { Logger } from '@horde/service';

export type BusListener = (message: string) => void;

export interface RedisBusOptions {
  /** `redis://[user:pass@]host:port[/db]`. */
  readonly url: string;
  /**
   * Prepended to every key and channel this facilitator uses (pub/sub channels ignore ioredis'
   * `keyPrefix`, so the prefix is applied by hand everywhere).
   */
  readonly prefix: string;
  readonly logger: Logger;
}

/**
 * The facilitator's Redis: one connection for commands and publishing, one in subscriber mode
 * shared by every local listener (SSE streams, validator dispatch), so that thousands of open
 * streams cost one Redis connection. Channels are reference-counted.
 */
export class RedisBus {
  readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<BusListener>>();
  private readonly log: Logger;

  constructor(private readonly options: RedisBusOptions) {
    this.log = options.logger.child({ component: 'redis' });
    this.commands = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(options.url, { lazyConnect: false });
    for (const client of [this.commands, this.subscriber]) client.on('error', (err) => this.log.warn({ err }, 'redis connection error'));
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.listeners.get(channel) ?? []) {
        try {
          listener(message);
        } catch (err) {
          this.log.error({ err, channel }, 'bus listener failed');
        }
      }
    });
  }

  /** `prefix + name`, for keys and channels alike. */
  key(name: string): string {
    return `${this.options.prefix}${name}`;
  }

  /** Listens on `channel` (already prefixed); resolves once Redis confirmed the subscription. */
  async subscribe(channel: string, listener: BusListener): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    await this.subscriber.subscribe(channel);
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const current = this.listeners.get(channel);
      current?.delete(listener);
      if (current !== undefined && current.size === 0) {
        this.listeners.delete(channel);
        await this.subscriber.unsubscribe(channel).catch((err: unknown) => this.log.warn({ err, channel }, 'unsubscribe failed'));
      }
    };
  }

  /** Publishes on `channel` (already prefixed); resolves with how many subscribers (across replicas) got it. */
  publish(channel: string, message: string): Promise<number> {
    return this.commands.publish(channel, message);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all([this.commands, this.subscriber].map((client) => client.quit().catch(() => client.disconnect())));
  }
}
