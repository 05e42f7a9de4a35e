import Dockerode from 'dockerode';
import { testkitErrors } from './errors';
import { withTimeout } from './wait';

const HOW_TO_START = [
  'Start the engine, e.g. `sudo systemctl start docker`, or without systemd `(setsid dockerd >/var/log/dockerd.log 2>&1 &)`',
  '(.ci/run does this); check with `docker info`. If it runs, make sure this user may use the socket',
  '(root, or a member of the `docker` group) and that DOCKER_HOST, if set, points at it.',
].join(' ');

/**
 * A Dockerode client whose engine answered a ping (within `timeoutMs`), or a `DOCKER_UNAVAILABLE` error
 * saying how to start the engine. `options` default to Dockerode's own (DOCKER_HOST or the local socket).
 */
export async function requireDocker(options?: Dockerode.DockerOptions, timeoutMs = 5000): Promise<Dockerode> {
  const docker = new Dockerode(options);
  try {
    await withTimeout(docker.ping(), timeoutMs, 'docker ping');
  } catch (err) {
    const where = options?.socketPath ?? options?.host ?? 'the default socket (/var/run/docker.sock or DOCKER_HOST)';
    throw testkitErrors.error('DOCKER_UNAVAILABLE', `no answer from ${where}. ${HOW_TO_START}`, { cause: err });
  }
  return docker;
}

/** HTTP status of a dockerode error (docker-modem sets `statusCode`). */
export function statusCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : undefined;
}
