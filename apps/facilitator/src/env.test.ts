import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

describe('facilitator env', () => {
  it('needs a secret of 32 characters and never shows it', () => {
    expect(() => loadEnv({})).toThrow(/FACILITATOR_SECRET is required/);
    let message = '';
    try {
      loadEnv({ FACILITATOR_SECRET: 'short-secret' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/FACILITATOR_SECRET is invalid/);
    expect(message).not.toContain('short-secret');
  });

  it('has defaults for everything else and reads lists', () => {
    const env = loadEnv({ FACILITATOR_SECRET: 'x'.repeat(32), FACILITATOR_VALIDATORS: 'a, b', FACILITATOR_RATE_LIMIT_MAX: '10' });
    expect(env).toMatchObject({
      FACILITATOR_PORT: 9000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      FACILITATOR_NONCE_LIFETIME_S: 300,
      FACILITATOR_JWT_LIFETIME_S: 3600,
      FACILITATOR_RATE_LIMIT_MAX: 10,
      FACILITATOR_VALIDATORS: ['a', 'b'],
      FACILITATOR_WHITELIST: [],
    });
  });
});
