import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedRedis } from './redis';

describe('isolatedRedis', () => {
  const raw = new Redis({ host: '127.0.0.1', port: 6379 });
  afterAll(async () => {
    await raw.quit();
  });

  it('gives two instances separate key spaces, and cleanup removes only its own keys', async () => {
    const a = isolatedRedis();
    const b = isolatedRedis();
    try {
      expect(a.prefix).not.toBe(b.prefix);
      const ca = a.client();
      const cb = b.client();
      await ca.set('shared-name', 'from a');
      await cb.set('shared-name', 'from b');
      await ca.hset('hash', 'f', '1');
      expect(await ca.get('shared-name')).toBe('from a');
      expect(await cb.get('shared-name')).toBe('from b');
      expect(await raw.get(`${a.prefix}shared-name`)).toBe('from a');
      // a BullMQ-style key under bullPrefix, written without keyPrefix
      await raw.set(`${a.bullPrefix}:queue:id`, '1');

      await a.cleanup();
      expect(await raw.exists(`${a.prefix}shared-name`, `${a.prefix}hash`, `${a.bullPrefix}:queue:id`)).toBe(0);
      expect(await cb.get('shared-name')).toBe('from b');
      expect(ca.status).toBe('end');
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
    expect(await raw.exists(`${b.prefix}shared-name`)).toBe(0);
  });

  it('cleans up many keys through SCAN pages', async () => {
    const r = isolatedRedis();
    const client = r.client();
    const pipeline = client.pipeline();
    for (let i = 0; i < 1500; i++) pipeline.set(`k${i}`, String(i));
    await pipeline.exec();
    expect(await raw.exists(`${r.prefix}k0`, `${r.prefix}k1499`)).toBe(2);
    await r.cleanup();
    const [, left] = await raw.scan('0', 'MATCH', `${r.prefix}*`, 'COUNT', 10_000);
    expect(left).toEqual([]);
  });

  it('exposes BullMQ connection options without keyPrefix and with unlimited retries', () => {
    const r = isolatedRedis({ url: 'redis://127.0.0.1:6379/0' });
    expect(r.options.keyPrefix).toBe(r.prefix);
    expect(r.bullConnection.keyPrefix).toBeUndefined();
    expect(r.bullConnection.maxRetriesPerRequest).toBeNull();
    expect(r.bullConnection.db).toBe(0);
    expect(r.bullPrefix.startsWith(r.prefix)).toBe(true);
  });
});
