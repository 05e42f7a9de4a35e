import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@horde/service';
import { isolatedRedis } from '@horde/testkit';
import { NonceService } from './nonces';
import { parseFeatures, PresenceRegistry } from './presence';
import { RedisBus } from './redis-bus';

const redis = isolatedRedis();
const bus = new RedisBus({ url: 'redis://127.0.0.1:6379', prefix: redis.prefix, logger: createLogger({ name: 'test', level: 'silent' }) });
afterAll(async () => {
  await bus.close();
  await redis.cleanup();
});

describe('PresenceRegistry', () => {
  it('a validator is fresh for staleMs after it was last heard from, with the features it announced', async () => {
    let now = 1_000_000;
    const presence = new PresenceRegistry(bus, { staleMs: 180_000, now: () => now });
    expect(await presence.isFresh('v1')).toBe(false);
    await presence.markSeen('v1', ['cancel']);
    now += 179_000;
    expect(await presence.isFresh('v1')).toBe(true);
    now += 2_000;
    expect(await presence.isFresh('v1')).toBe(false);
    await presence.markSeen('v1'); // a heartbeat keeps the features
    expect(await presence.isFresh('v1')).toBe(true);
    expect(await presence.features('v1')).toEqual(['cancel']);
    expect(await presence.list()).toEqual([{ hotkey: 'v1', last_seen: new Date(now).toISOString(), features: ['cancel'], connected: false }]);
  });

  it('reads X-Horde-Features leniently', () => {
    expect(parseFeatures(' Cancel , live-logs,cancel')).toEqual(['cancel']);
    expect(parseFeatures(['x', 'cancel'])).toEqual(['cancel']);
    expect(parseFeatures(undefined)).toEqual([]);
  });
});

describe('NonceService', () => {
  it('a nonce is valid for its lifetime and works once', async () => {
    let now = Date.now();
    const nonces = new NonceService(bus, { secret: 's'.repeat(32), lifetimeS: 300, now: () => now });
    const nonce = nonces.issue();
    now += 299_000;
    expect(() => nonces.check(nonce)).not.toThrow();
    await nonces.consume(nonce);
    await expect(nonces.consume(nonce)).rejects.toMatchObject({ code: 'AUTH_NONCE_USED' });
    const late = nonces.issue();
    now += 301_000;
    expect(() => nonces.check(late)).toThrow(expect.objectContaining({ code: 'AUTH_NONCE_INVALID' }));
    const other = new NonceService(bus, { secret: 't'.repeat(32), lifetimeS: 300, now: () => now });
    expect(() => other.check(nonces.issue())).toThrow(expect.objectContaining({ code: 'AUTH_NONCE_INVALID' }));
  });
});
