import { readFileSync } from 'node:fs';
import Dockerode from 'dockerode';
import type { DockerHost } from './hosts-file';

/**
 * Dockerode options for a host: the local engine (Dockerode's default: DOCKER_HOST or the local
 * socket), or a remote engine reached over SSH (docker-modem runs `docker system dial-stdio` on the
 * remote host, which needs the docker CLI there and the user in its `docker` group).
 */
export function dockerOptionsFor(host: DockerHost, readKey: (path: string) => Buffer = readFileSync): Dockerode.DockerOptions | undefined {
  if (host.mode === 'local') return undefined;
  return { protocol: 'ssh', host: host.host, port: host.ssh_port, username: host.username, sshOptions: { privateKey: readKey(host.key_path) } };
}

/** One Dockerode client per host, made on first use and kept while the host's settings stay the same. */
export class DockerClients {
  private readonly clients = new Map<string, { key: string; docker: Dockerode }>();

  constructor(private readonly local: Dockerode | undefined) {}

  for(host: DockerHost): Dockerode {
    const key = JSON.stringify(host);
    const known = this.clients.get(host.name);
    if (known && known.key === key) return known.docker;
    const options = dockerOptionsFor(host);
    const docker = options === undefined ? (this.local ?? new Dockerode()) : new Dockerode(options);
    this.clients.set(host.name, { key, docker });
    return docker;
  }
}
