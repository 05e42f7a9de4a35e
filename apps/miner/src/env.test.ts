import { describe, expect, it } from 'vitest';
import { serviceErrors } from '@horde/service';
import { executorManagerConfig, hotkeyLocation, loadEnv } from './env';
import { minerErrors } from './errors';

/** The error `fn` throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('loadEnv', () => {
  it('applies the defaults', () => {
    const env = loadEnv({ MINER_HOTKEY: 'miner/default' });
    expect(env).toMatchObject({ MINER_PORT: 8000, MINER_HOST: '0.0.0.0', MINER_VALIDATORS: [], MINER_EXECUTOR_MANAGER: 'process', MINER_AUTH_MAX_AGE_S: 10, MINER_STARTUP_TIME_LIMIT_S: 5, LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.MINER_EXECUTOR_ADDRESS).toBeUndefined();
  });

  it('reads lists, numbers and the executor address', () => {
    const env = loadEnv({ MINER_HOTKEY: '/keys/hk', MINER_VALIDATORS: 'a, b ,c', MINER_PORT: '9001', MINER_EXECUTOR_ADDRESS: 'ws://172.17.0.1:9001' });
    expect(env).toMatchObject({ MINER_VALIDATORS: ['a', 'b', 'c'], MINER_PORT: 9001, MINER_EXECUTOR_ADDRESS: 'ws://172.17.0.1:9001' });
  });

  it('names every bad variable', () => {
    expect(() => loadEnv({ MINER_PORT: 'x', MINER_EXECUTOR_ADDRESS: 'http://nope' })).toThrowError(/MINER_HOTKEY is required.*MINER_PORT is invalid|MINER_PORT.*MINER_HOTKEY/);
    expect(serviceErrors.is(thrown(() => loadEnv({})), 'ENV_INVALID')).toBe(true);
  });

  it('refuses executor manager options that are not a valid manager config', () => {
    expect(() => loadEnv({ MINER_HOTKEY: 'a/b', MINER_EXECUTOR_MANAGER_OPTIONS: '[1]' })).toThrowError(/must be a JSON object/);
    expect(() => loadEnv({ MINER_HOTKEY: 'a/b', MINER_EXECUTOR_MANAGER_OPTIONS: '{"manifest": {"always_on.test": -1}}' })).toThrowError(/MINER_EXECUTOR_MANAGER_OPTIONS/);
    expect(minerErrors.is(thrown(() => loadEnv({ MINER_HOTKEY: 'a/b', MINER_EXECUTOR_MANAGER_OPTIONS: '{' })), 'CONFIG_INVALID')).toBe(true);
  });

  it('builds the manager config from the kind and the options', () => {
    expect(executorManagerConfig({ MINER_EXECUTOR_MANAGER: 'docker', MINER_EXECUTOR_MANAGER_OPTIONS: '{"image": "horde/executor:1"}' })).toEqual({ kind: 'docker', image: 'horde/executor:1' });
  });
});

describe('hotkeyLocation', () => {
  it('reads wallet/hotkey names under the wallets dir', () => {
    expect(hotkeyLocation({ MINER_HOTKEY: 'miner/default', MINER_WALLETS_DIR: undefined }, '/home/op')).toEqual({ walletsDir: '/home/op/.bittensor/wallets', wallet: 'miner', hotkey: 'default' });
    expect(hotkeyLocation({ MINER_HOTKEY: 'miner/default', MINER_WALLETS_DIR: '/w' }, undefined)).toEqual({ walletsDir: '/w', wallet: 'miner', hotkey: 'default' });
  });

  it('takes anything else as a hotkey file path', () => {
    expect(hotkeyLocation({ MINER_HOTKEY: '/secrets/hotkey', MINER_WALLETS_DIR: undefined }, '/h')).toEqual({ file: '/secrets/hotkey' });
    expect(hotkeyLocation({ MINER_HOTKEY: './wallet/hotkeys/default', MINER_WALLETS_DIR: undefined }, '/h')).toEqual({ file: './wallet/hotkeys/default' });
  });
});
