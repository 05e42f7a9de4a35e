import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

export interface IsolatedRedis {
  /** Key prefix owned by this instance, e.g. `horde_test:1a2b3c4d5e6f:`. */
  readonly prefix: string;
  /** Connection options with `keyPrefix` set to `prefix`. */
  readonly options: RedisOptions;
  /**
   * BullMQ `prefix` option for queues and workers of this instance (BullMQ refuses ioredis
   * `keyPrefix`, so give it `bullConnection` and this prefix instead).
   */
  readonly bullPrefix: string;
  /** Connection options without `keyPrefix`, and with `maxRetriesPerRequest: null` as BullMQ workers require. */
  readonly bullConnection: RedisOptions;
  /** A new client using `options`; closed by `cleanup()`. */
  client(): Redis;
  /** Deletes every key under `prefix` (SCAN + UNLINK, never FLUSHDB) and closes the clients. */
  cleanup(): Promise<void>;
}

/**
 * A slice of a shared Redis server for one test file: its own key prefix, so that files running in
 * parallel never see each other's keys.
 */
export function isolatedRedis(options: { url?: string } = {}): IsolatedRedis {
  const connection = connectionOptions(options.url ?? 'redis://127.0.0.1:6379');
  const prefix = `horde_test:${randomBytes(6).toString('hex')}:`;
  const clientOptions: RedisOptions = { ...connection, keyPrefix: prefix };
  const clients = new Set<Redis>();

  return {
    prefix,
    options: clientOptions,
    bullPrefix: `${prefix}bull`,
    bullConnection: { ...connection, maxRetriesPerRequest: null },
    client() {
      const client = new Redis(clientOptions);
      clients.add(client);
      return client;
    },
    async cleanup() {
      const admin = new Redis(connection);
      try {
        await deleteByPrefix(admin, prefix);
      } finally {
        await admin.quit();
        await Promise.all([...clients].map((client) => client.quit().catch(() => client.disconnect())));
        clients.clear();
      }
    },
  };
}

async function deleteByPrefix(admin: Redis, prefix: string): Promise<void> {
  const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', match, 'COUNT', 500);
    if (keys.length > 0) await admin.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Turns a `redis://[user:pass@]host:port[/db]` URL into explicit ioredis options. */
function connectionOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
  };
}
