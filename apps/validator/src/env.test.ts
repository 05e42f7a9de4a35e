import { describe, expect, it } from 'vitest';
import { hotkeyLocation, loadEnv, parseMinerSpec } from './env';

const base = { VALIDATOR_HOTKEY: 'validator/default', VALIDATOR_ADMIN_TOKEN: 'a-long-enough-token' };

describe('validator environment', () => {
  it('loads defaults: every role, admin on 127.0.0.1, the reference limits', () => {
    const env = loadEnv(base);
    expect(env).toMatchObject({ VALIDATOR_ROLES: ['admin', 'worker', 'facilitator', 'chain'], VALIDATOR_ADMIN_HOST: '127.0.0.1', VALIDATOR_RESERVATION_S: 7, VALIDATOR_EXECUTOR_STARTUP_S: 5, VALIDATOR_MAX_ATTEMPTS: 3, VALIDATOR_BLACKLIST_S: 14_400 });
  });

  it('refuses to start the admin API without a token unless it is disabled or not run', () => {
    expect(() => loadEnv({ VALIDATOR_HOTKEY: 'validator/default' })).toThrow(/VALIDATOR_ADMIN_TOKEN/);
    expect(loadEnv({ VALIDATOR_HOTKEY: 'validator/default', VALIDATOR_ADMIN_DISABLED: 'true' }).VALIDATOR_ADMIN_DISABLED).toBe(true);
    expect(loadEnv({ VALIDATOR_HOTKEY: 'validator/default', VALIDATOR_ROLES: 'worker' }).VALIDATOR_ROLES).toEqual(['worker']);
    expect(() => loadEnv({ ...base, VALIDATOR_ADMIN_TOKEN: 'short' })).toThrow(/VALIDATOR_ADMIN_TOKEN/);
  });

  it('never shows secret values in its errors', () => {
    expect(() => loadEnv({ ...base, VALIDATOR_ADMIN_TOKEN: 'tiny', REDIS_URL: '' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('tiny') }));
  });

  it('parses miners as hotkey@host:port and hotkeys as wallet names or files', () => {
    expect(parseMinerSpec('5Fabc@10.0.0.5:8000')).toEqual({ hotkey: '5Fabc', address: '10.0.0.5', port: 8000 });
    expect(parseMinerSpec('5Fabc@[::1]:8000')).toEqual({ hotkey: '5Fabc', address: '::1', port: 8000 });
    expect(() => parseMinerSpec('5Fabc@host:99999')).toThrow(/hotkey@host:port/);
    expect(() => loadEnv({ ...base, VALIDATOR_MINERS: 'nonsense' })).toThrow(/VALIDATOR_MINERS/);
    expect(hotkeyLocation({ VALIDATOR_HOTKEY: 'w/h', VALIDATOR_WALLETS_DIR: '/wallets' }, undefined)).toEqual({ walletsDir: '/wallets', wallet: 'w', hotkey: 'h' });
    expect(hotkeyLocation({ VALIDATOR_HOTKEY: '/keys/hot', VALIDATOR_WALLETS_DIR: undefined }, '/home/u')).toEqual({ file: '/keys/hot' });
  });

  it('reads the chain settings: no chain by default, finney / test / ws URLs, netuid 12, windows from the tempo unless set', () => {
    expect(loadEnv(base)).toMatchObject({ VALIDATOR_CHAIN: undefined, VALIDATOR_NETUID: 12, VALIDATOR_MINER_SYNC_S: 10, VALIDATOR_WEIGHTS: undefined, VALIDATOR_WEIGHTS_TICK_S: undefined, VALIDATOR_WEIGHTS_INTERVAL: undefined, VALIDATOR_COMMIT_REVEAL_MODE: 'auto', VALIDATOR_CHAIN_BLOCK_TIME_S: 12 });
    for (const chain of ['finney', 'test', 'ws://127.0.0.1:9944', 'wss://entrypoint-finney.opentensor.ai:443']) expect(loadEnv({ ...base, VALIDATOR_CHAIN: chain }).VALIDATOR_CHAIN).toBe(chain);
    expect(() => loadEnv({ ...base, VALIDATOR_CHAIN: 'http://127.0.0.1:9944' })).toThrow(/VALIDATOR_CHAIN/);
    expect(() => loadEnv({ ...base, VALIDATOR_COMMIT_REVEAL_MODE: 'v3' })).toThrow(/VALIDATOR_COMMIT_REVEAL_MODE/);
    expect(loadEnv({ ...base, VALIDATOR_WEIGHTS: 'false', VALIDATOR_WEIGHTS_INTERVAL: '100', VALIDATOR_WEIGHTS_MARGIN: '0', VALIDATOR_COMMIT_REVEAL_MODE: 'v2' })).toMatchObject({ VALIDATOR_WEIGHTS: false, VALIDATOR_WEIGHTS_INTERVAL: 100, VALIDATOR_WEIGHTS_MARGIN: 0, VALIDATOR_COMMIT_REVEAL_MODE: 'v2' });
  });
});
