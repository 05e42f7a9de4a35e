import { describe, expect, it } from 'vitest';
import { TEST_WALLETS, buildAuth } from '@horde/testkit';
import { minerErrors } from '../errors';
import { checkValidatorAuth, DEFAULT_AUTH_POLICY, ReplayCache } from './validator-auth';

const { validator, miner } = TEST_WALLETS;
const expected = { validatorHotkey: validator.address, minerHotkey: miner.address };

describe('ReplayCache', () => {
  it('remembers a key until it expires, then forgets it', () => {
    let now = 1_000_000;
    const cache = new ReplayCache(() => now);
    expect(cache.remember('a', now + 5000)).toBe(true);
    expect(cache.remember('a', now + 5000)).toBe(false);
    now += 5001;
    expect(cache.remember('b', now + 5000)).toBe(true); // prunes 'a'
    expect(cache.size).toBe(1);
    expect(cache.remember('a', now + 5000)).toBe(true);
  });
});

describe('checkValidatorAuth', () => {
  const code = (fn: () => void): string | undefined => {
    try {
      fn();
      return undefined;
    } catch (err) {
      return minerErrors.is(err) ? err.code : 'not a miner error';
    }
  };

  it('accepts a fresh, well-signed message once', () => {
    const replays = new ReplayCache();
    const message = buildAuth(validator, miner.address);
    expect(code(() => checkValidatorAuth(message, expected, DEFAULT_AUTH_POLICY, replays))).toBeUndefined();
    expect(code(() => checkValidatorAuth(message, expected, DEFAULT_AUTH_POLICY, replays))).toBe('AUTH_REPLAYED');
    // The same signature written in upper case is the same message.
    const shouted = { ...message, signature: `0x${message.signature.slice(2).toUpperCase()}` };
    expect(code(() => checkValidatorAuth(shouted, expected, DEFAULT_AUTH_POLICY, replays))).toBe('AUTH_REPLAYED');
  });

  it('checks the window edges: 10 s old passes, 11 s fails; 60 s ahead passes, 61 s fails', () => {
    const now = Date.now();
    const at = (offsetS: number) => buildAuth(validator, miner.address, { timestamp: Math.floor(now / 1000) + offsetS });
    const check = (offsetS: number) => code(() => checkValidatorAuth(at(offsetS), expected, DEFAULT_AUTH_POLICY, new ReplayCache(), Math.floor(now / 1000) * 1000));
    expect(check(-10)).toBeUndefined();
    expect(check(-11)).toBe('AUTH_TIMESTAMP_STALE');
    expect(check(60)).toBeUndefined();
    expect(check(61)).toBe('AUTH_TIMESTAMP_FUTURE');
  });

  it('does not remember a message it refused', () => {
    const replays = new ReplayCache();
    expect(code(() => checkValidatorAuth(buildAuth(validator, miner.address, { signer: TEST_WALLETS.validator2 }), expected, DEFAULT_AUTH_POLICY, replays))).toBe('AUTH_SIGNATURE_INVALID');
    expect(replays.size).toBe(0);
  });
});
