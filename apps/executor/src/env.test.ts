import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { serviceErrors } from '@horde/service';
import { loadEnv } from './env';
import { driverConfig } from './run';

const base = { EXECUTOR_MINER_ADDRESS: 'ws://127.0.0.1:8000', EXECUTOR_TOKEN: 'job-1234-abcd' };

describe('executor env', () => {
  it('has sensible defaults', () => {
    const env = loadEnv(base);
    expect(env).toMatchObject({
      EXECUTOR_STARTUP_TIME_LIMIT_S: 5,
      EXECUTOR_TEMP_ROOT: tmpdir(),
      EXECUTOR_NO_GPU: false,
      EXECUTOR_DOCKER_HOST: '/var/run/docker.sock',
      LOG_LEVEL: 'info',
    });
    const config = driverConfig(env);
    expect(config.securityChecks).toEqual([]);
    expect(config.limits.nanoCpus).toBeGreaterThanOrEqual(1e9);
    expect(config.limits.memoryBytes).toBeGreaterThan(0);
  });

  it("accepts the reference's names (MINER_ADDRESS, DEBUG_NO_GPU_MODE); ours win", () => {
    const env = loadEnv({ MINER_ADDRESS: 'ws://10.0.0.1:8000', EXECUTOR_TOKEN: 't', DEBUG_NO_GPU_MODE: '1' });
    expect(env.EXECUTOR_MINER_ADDRESS).toBe('ws://10.0.0.1:8000');
    expect(env.EXECUTOR_NO_GPU).toBe(true);
    expect(loadEnv({ ...base, MINER_ADDRESS: 'ws://10.0.0.1:8000' }).EXECUTOR_MINER_ADDRESS).toBe('ws://127.0.0.1:8000');
  });

  it('reads a unix:// docker host as a socket path', () => {
    expect(loadEnv({ ...base, EXECUTOR_DOCKER_HOST: 'unix:///run/user/docker.sock' }).EXECUTOR_DOCKER_HOST).toBe('/run/user/docker.sock');
  });

  it('parses the security check list, with the reference defaults for the nvidia check', () => {
    const list = JSON.stringify([{ kind: 'output_contains', image: 'probe:1', expect: 'Contained' }, { kind: 'nvidia_toolkit_version' }]);
    expect(loadEnv({ ...base, EXECUTOR_SECURITY_CHECK_IMAGES: list }).EXECUTOR_SECURITY_CHECK_IMAGES).toEqual([
      { kind: 'output_contains', image: 'probe:1', expect: 'Contained', gpu_only: false },
      { kind: 'nvidia_toolkit_version', image: 'ubuntu:latest', min_version: '1.17.4' },
    ]);
  });

  it('names every bad variable and never echoes the token', () => {
    let err: unknown;
    try {
      loadEnv({ EXECUTOR_MINER_ADDRESS: 'http://miner', EXECUTOR_TOKEN: 'has spaces secret', EXECUTOR_SECURITY_CHECK_IMAGES: '[{' });
    } catch (e) {
      err = e;
    }
    expect(serviceErrors.is(err, 'ENV_INVALID')).toBe(true);
    const text = (err as Error).message;
    expect(text).toContain('EXECUTOR_MINER_ADDRESS');
    expect(text).toContain('EXECUTOR_TOKEN');
    expect(text).toContain('EXECUTOR_SECURITY_CHECK_IMAGES');
    expect(text).not.toContain('has spaces secret');
  });

  it('requires the miner address and the token', () => {
    expect(() => loadEnv({})).toThrow(/EXECUTOR_MINER_ADDRESS is required.*EXECUTOR_TOKEN is required/);
  });
});
