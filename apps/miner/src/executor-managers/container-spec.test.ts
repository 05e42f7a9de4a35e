import { describe, expect, it } from 'vitest';
import { JOB_LABELS } from '@horde/executor';
import { DockerManagerConfig } from './config';
import { executorContainerOptions, isLoopbackAddress } from './container-spec';
import { LABELS } from './docker-containers';
import type { ExecutorStartSpec } from './types';

const SPEC: ExecutorStartSpec = { token: 'tok-1', jobUuid: 'job-1', executorClass: 'always_on.test', minerAddress: 'ws://127.0.0.1:8000', startupTimeLimitS: 30, ttlMs: 60_000 };

describe('executor container options', () => {
  it('mounts the socket and the temp dir at the same path, sets the variables and labels, removes itself', () => {
    const config = DockerManagerConfig.parse({ kind: 'docker', image: 'horde/executor:test', tempDir: '/srv/tmp', env: { EXECUTOR_TOKEN: 'spoofed', EXTRA: '1' } });
    const options = executorContainerOptions(SPEC, config);
    expect(options).toMatchObject({
      name: 'horde-executor-tok-1',
      Image: 'horde/executor:test',
      Labels: { 'org.horde.role': 'executor', 'org.horde.executor.token': 'tok-1', 'org.horde.job-uuid': 'job-1', 'org.horde.executor-class': 'always_on.test' },
      HostConfig: { AutoRemove: true, Binds: ['/var/run/docker.sock:/var/run/docker.sock', '/srv/tmp:/srv/tmp'], NetworkMode: 'host' },
    });
    expect(options.Env?.sort()).toEqual(['EXECUTOR_MINER_ADDRESS=ws://127.0.0.1:8000', 'EXECUTOR_STARTUP_TIME_LIMIT_S=30', 'EXECUTOR_TEMP_ROOT=/srv/tmp', 'EXECUTOR_TOKEN=tok-1', 'EXTRA=1', 'TMPDIR=/srv/tmp']);
  });

  it('uses the host network only for a loopback miner address, unless configured', () => {
    const auto = DockerManagerConfig.parse({ kind: 'docker' });
    expect(executorContainerOptions({ ...SPEC, minerAddress: 'ws://172.17.0.1:8000' }, auto).HostConfig?.NetworkMode).toBe('bridge');
    expect(executorContainerOptions({ ...SPEC, minerAddress: 'ws://localhost:8000' }, auto).HostConfig?.NetworkMode).toBe('host');
    const bridge = DockerManagerConfig.parse({ kind: 'docker', network: 'bridge' });
    expect(executorContainerOptions(SPEC, bridge).HostConfig?.NetworkMode).toBe('bridge');
    expect(['ws://127.0.0.1', 'ws://127.8.9.10:1', 'ws://[::1]:8000', 'wss://localhost'].every(isLoopbackAddress)).toBe(true);
    expect(['ws://10.0.0.1', 'ws://128.0.0.1', 'ws://example.com', 'ws://127.0.0.1.example.com'].some(isLoopbackAddress)).toBe(false);
  });

  it('leaves a container unnamed when the token is not a valid container name', () => {
    expect(executorContainerOptions({ ...SPEC, token: '-bad/token' }, DockerManagerConfig.parse({ kind: 'docker' })).name).toBeUndefined();
  });

  it('finds job containers by the labels the executor puts on them', () => {
    expect(LABELS.role).toBe(JOB_LABELS.role);
    expect(LABELS.jobToken).toBe(JOB_LABELS.token);
    expect(LABELS.jobUuid).toBe(JOB_LABELS.jobUuid);
    expect(LABELS.executorToken).not.toBe(JOB_LABELS.token);
  });
});
