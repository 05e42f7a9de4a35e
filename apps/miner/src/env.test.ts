import { describe, expect, it } from 'vitest';
import { serviceErrors } from '@horde/service';
import { chainConfig, executorManagerConfig, hotkeyLocation, loadEnv } from './env';
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

describe('chainConfig', () => {
  const base = { MINER_HOTKEY: 'miner/default' };

  it('is undefined without MINER_CHAIN', () => {
    expect(chainConfig(loadEnv(base))).toBeUndefined();
  });

  it('applies the defaults, announcing at MINER_ANNOUNCE_IP', () => {
    expect(chainConfig(loadEnv({ ...base, MINER_CHAIN: 'finney', MINER_ANNOUNCE_IP: '203.0.113.7' }))).toEqual({
      endpoint: 'finney',
      netuid: 12,
      validatorMinStake: 1000,
      validatorsRefreshMs: 60_000,
      announce: { ip: '203.0.113.7', port: undefined, intervalMs: 1_800_000 },
      manifestCommitIntervalMs: 300_000,
    });
  });

  it('reads every variable', () => {
    const env = loadEnv({
      ...base,
      MINER_CHAIN: 'ws://127.0.0.1:9944',
      MINER_NETUID: '174',
      MINER_VALIDATOR_MIN_STAKE: '0.5',
      MINER_VALIDATORS_REFRESH_S: '5',
      MINER_ANNOUNCE_IP: '127.0.0.2',
      MINER_ANNOUNCE_PORT: '8091',
      MINER_ANNOUNCE_INTERVAL_S: '60',
      MINER_MANIFEST_COMMIT_INTERVAL_S: '30',
    });
    expect(chainConfig(env)).toEqual({
      endpoint: 'ws://127.0.0.1:9944',
      netuid: 174,
      validatorMinStake: 0.5,
      validatorsRefreshMs: 5_000,
      announce: { ip: '127.0.0.2', port: 8091, intervalMs: 60_000 },
      manifestCommitIntervalMs: 30_000,
    });
  });

  it('does not announce with MINER_ANNOUNCE=false, and then needs no address', () => {
    expect(chainConfig(loadEnv({ ...base, MINER_CHAIN: 'test', MINER_ANNOUNCE: 'false' }))?.announce).toBeUndefined();
  });

  it('refuses a bad endpoint or announce address at load', () => {
    expect(minerErrors.is(thrown(() => loadEnv({ ...base, MINER_CHAIN: 'http://node:9944', MINER_ANNOUNCE: 'false' })), 'CONFIG_INVALID')).toBe(true);
    expect(() => loadEnv({ ...base, MINER_CHAIN: 'finney' })).toThrowError(/MINER_ANNOUNCE_IP is required/);
    expect(() => loadEnv({ ...base, MINER_CHAIN: 'finney', MINER_ANNOUNCE_IP: 'miner.example' })).toThrowError(/not an IPv4 or IPv6 address/);
    expect(() => loadEnv({ ...base, MINER_CHAIN: 'finney', MINER_ANNOUNCE_IP: '127.0.0.1' })).toThrowError(/announce 127\.0\.0\.2/);
  });
});
