import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createChainClient } from '../client/chain-client';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('./example-subnet.json', import.meta.url));

describe('devchain CLI', () => {
  it('prints its ws URL and serves the subnet file', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--subnet', EXAMPLE, '--block-time-ms', '100'], { cwd: REPO });
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
      const client = await createChainClient({ endpoint: url });
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
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }, 30_000);
});
