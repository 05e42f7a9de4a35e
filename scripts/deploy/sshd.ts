/**
 * A real OpenSSH server on a loopback port for the installer tests, with its own host key, one
 * client key and nothing else: the installers run through it exactly as an operator runs them
 * (`ssh host 'bash -s' < install_miner.sh -- args`). Needs Debian's openssh-server; a clear error
 * says so when it is missing (tests never install packages).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@horde/testkit';
import { freePort, run } from './test-support';
import type { RunResult } from './test-support';

const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  readonly port: number;
  /** The user it lets in (this process's) and that user's private key, for an ssh client of one's own. */
  readonly user: string;
  readonly clientKey: string;
  /** Runs `bash -s -- <args>` on the server with `script` on stdin. */
  runScript(script: string, args: readonly string[]): Promise<RunResult>;
  stop(): Promise<void>;
}

export async function startTestSshd(): Promise<TestSshd> {
  await access(SSHD).catch(() => {
    throw new Error(`${SSHD} not found: the installer tests need openssh-server (apt-get install openssh-server; scripts/setup.sh should install it)`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'horde-sshd-'));
  for (const key of ['host_key', 'client_key']) {
    const made = await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, key)]);
    if (made.code !== 0) throw new Error(`ssh-keygen failed: ${made.stderr}`);
  }
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')), { mode: 0o600 });
  const port = await freePort();
  await writeFile(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      '',
    ].join('\n'),
  );
  // sshd's privilege separation directory, which Debian's service unit would create.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const daemon: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  daemon.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitFor(
    () => {
      if (daemon.exitCode !== null) throw new Error(`sshd exited ${daemon.exitCode}: ${log}`);
      return new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
        socket.on('error', () => resolve(false));
      });
    },
    { timeoutMs: 10_000, intervalMs: 50, what: `sshd listening on 127.0.0.1:${port}` },
  );

  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  return {
    port,
    user: userInfo().username,
    clientKey: join(dir, 'client_key'),
    runScript: (script, args) =>
      run(
        'ssh',
        [
          '-i', join(dir, 'client_key'), '-p', String(port),
          '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
          `${userInfo().username}@127.0.0.1`,
          ['bash', '-s', '--', ...args.map(quote)].join(' '),
        ],
        { input: script },
      ),
    async stop() {
      if (daemon.exitCode === null) {
        daemon.kill('SIGTERM');
        await new Promise((resolve) => daemon.once('exit', resolve));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
