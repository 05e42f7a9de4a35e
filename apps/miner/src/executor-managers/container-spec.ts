import type Dockerode from 'dockerode';
import type { DockerManagerConfig } from './config';
import { LABELS } from './docker-containers';
import { executorEnv } from './executor-env';
import type { ExecutorStartSpec } from './types';

/** True when the miner address points at this machine's loopback (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackAddress(minerAddress: string): boolean {
  const host = new URL(minerAddress).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `host` when a loopback miner address must be reachable from the executor, else the default bridge. */
export function networkModeFor(config: Pick<DockerManagerConfig, 'network'>, minerAddress: string): 'host' | 'bridge' {
  if (config.network !== 'auto') return config.network;
  return isLoopbackAddress(minerAddress) ? 'host' : 'bridge';
}

/** Docker accepts container names matching this; other tokens leave the container unnamed. */
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * The executor's container: the executor image with the host's Docker socket and temp dir mounted
 * (the temp dir at the same path, since the executor bind-mounts job dirs from it into job
 * containers through the host's engine), its variables, labels to find it, removed when it exits.
 */
export function executorContainerOptions(spec: ExecutorStartSpec, config: DockerManagerConfig): Dockerode.ContainerCreateOptions {
  const env = { ...executorEnv(spec, config.env), EXECUTOR_TEMP_ROOT: config.tempDir, TMPDIR: config.tempDir };
  return {
    ...(CONTAINER_NAME.test(spec.token) ? { name: `horde-executor-${spec.token}` } : {}),
    Image: config.image,
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    Labels: {
      [LABELS.role]: 'executor',
      [LABELS.executorToken]: spec.token,
      [LABELS.jobUuid]: spec.jobUuid,
      [LABELS.executorClass]: spec.executorClass,
    },
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      AutoRemove: true,
      Binds: [`${config.dockerSocket}:/var/run/docker.sock`, `${config.tempDir}:${config.tempDir}`],
      NetworkMode: networkModeFor(config, spec.minerAddress),
    },
  };
}
