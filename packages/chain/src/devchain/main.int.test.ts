import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createChainClient } from '../client/chain-client';
import { QUICKNET } from '../timelock/beacon';
import { devBeacon } from '../timelock/dev-beacon';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('./example-subnet.json', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** Starts the CLI on `extra` args; resolves with its printed ws URL and a stop that waits for the exit. */
async function startCli(extra: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--subnet', EXAMPLE, '--block-time-ms', '100', ...extra], { cwd: REPO });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no URL printed within 20 s')), 20_000);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /ws:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (match) {
          clearTimeout(timeout);
          resolve(match[0]);
        }
      });
      child.once('exit', (code) => reject(new Error(`devchain exited with ${code}`)));
    });
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

describe('devchain CLI', () => {
  it.each([
    [['--port', '0'], '--subnet is required'],
    [['--subnet', EXAMPLE, '--port', 'abc'], '--port must be an integer'],
    [['--subnet', EXAMPLE, '--block-time-ms=1.5'], '--block-time-ms must be an integer'],
    [['--subnet', '/nonexistent/subnet.json'], 'cannot load /nonexistent/subnet.json'],
    [['--subnet', EXAMPLE, '--no-such-flag'], "Unknown option '--no-such-flag'"],
  ])('refuses %j with exit 2 and says why', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: pnpm devchain');
  }, 20_000);

  it.each([
    ['with a beacon seed serves that beacon', ['--beacon-seed', 'cli test', '--beacon-period', '2'], devBeacon('cli test').publicKey, 2],
    ['without one serves quicknet, as finney', [], QUICKNET.publicKey, 3],
  ])('%s as Drand.BeaconConfig', async (_name, extra, publicKey, period) => {
    const cli = await startCli(extra);
    try {
      const client = await createChainClient({ endpoint: cli.url });
      try {
        const beacon = await client.drandBeacon();
        expect(beacon.publicKey).toEqual(publicKey);
        expect(beacon.period).toBe(period);
      } finally {
        await client.close();
      }
    } finally {
      await cli.stop();
    }
  }, 30_000);

  it('prints its ws URL and serves the subnet file', async () => {
    const cli = await startCli([]);
    try {
      const client = await createChainClient({ endpoint: cli.url });
      try {
        const { neurons } = await client.metagraph(1);
        expect(neurons.map((n) => [n.hotkey, n.stake, n.validatorPermit])).toEqual([
          ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', 1000, true],
          ['5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y', 0, false],
        ]);
      } finally {
        await client.close();
      }
    } finally {
      await cli.stop();
    }
  }, 30_000);
});
