/**
 * Helpers of the deploy tests: running a command to its end (exit code and output, never throwing on
 * a non-zero exit), the Docker Compose of this host, and a free loopback port.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin, which is then closed. */
  readonly input?: string | Buffer;
}

export async function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on('error', () => undefined); // a command that exits before reading its input
  child.stdin.end(options.input ?? '');
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** `docker-compose` (v1, Debian's package) or `docker compose` (the v2 plugin), whichever this host has. */
export async function composeCommand(): Promise<string[]> {
  if ((await run('docker-compose', ['version']).catch(() => undefined))?.code === 0) return ['docker-compose'];
  if ((await run('docker', ['compose', 'version']).catch(() => undefined))?.code === 0) return ['docker', 'compose'];
  throw new Error('neither docker-compose nor `docker compose` is installed: apt-get install docker-compose (scripts/setup.sh should)');
}

/** A loopback port free at the time of the call (for processes that cannot report the port they bound). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
