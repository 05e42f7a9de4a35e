/**
 * A second Docker engine on this machine standing for the operator's laptop in the --push-images
 * tests: the installers' local `docker save` talks to it (DOCKER_HOST), while the "host" reached
 * over the test sshd uses the machine's own engine, so an image really moves from one to the other.
 * It only stores images: no bridge, no iptables, the vfs storage driver, and its own network
 * namespace (`unshare --net`), because a dockerd started with `--bridge=none` deletes the docker0
 * interface of the namespace it runs in, which would cut the machine's engine off its default bridge.
 * Needs root, like dockerd.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@horde/testkit';
import { run } from './test-support';

export interface LaptopDocker {
  /** For the laptop side's environment: DOCKER_HOST=unix://... */
  readonly dockerHost: string;
  readonly socketPath: string;
  stop(): Promise<void>;
}

export async function startLaptopDocker(): Promise<LaptopDocker> {
  const dir = await mkdtemp(join(tmpdir(), 'horde-laptop-docker-'));
  const socketPath = join(dir, 'docker.sock');
  const dockerHost = `unix://${socketPath}`;
  const args = [
    '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'docker.pid'),
    '-H', dockerHost, '--bridge=none', '--iptables=false', '--ip6tables=false', '--ip-masq=false', '--storage-driver=vfs',
  ];
  const daemon: ChildProcess = spawn('unshare', ['--net', '--', 'dockerd', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  daemon.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  await waitFor(
    async () => {
      if (daemon.exitCode !== null) throw new Error(`the laptop dockerd exited ${daemon.exitCode}: ${log}`);
      return (await run('docker', ['version'], { env: { ...process.env, DOCKER_HOST: dockerHost } })).code === 0;
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `a second dockerd on ${socketPath}` },
  );
  return {
    dockerHost,
    socketPath,
    async stop() {
      if (daemon.exitCode === null) {
        daemon.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
