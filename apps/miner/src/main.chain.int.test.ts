/**
 * The miner process (main.ts) with MINER_CHAIN on a devchain: it syncs its validators, announces
 * its axon on the port it listens on and commits its manifest, and SIGTERM stops the chain work
 * and closes the chain connection cleanly (exit 0).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainClient, createDevchain } from '@horde/chain';
import type { ChainClient, Devchain } from '@horde/chain';
import { TEST_WALLETS, testColdkey, waitFor, writeTestWallet } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { minerTemplate } from './test-support/harness';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_main_chain' });
const NETUID = 7;
const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const { miner, validator2 } = TEST_WALLETS;

interface LogLine {
  msg: string;
  [field: string]: unknown;
}

describe('miner process on a devchain', () => {
  let devchain: Devchain;
  let reader: ChainClient;
  let wallets: string;

  beforeAll(async () => {
    devchain = await createDevchain({
      blockTimeMs: 100,
      subnet: {
        netuid: NETUID,
        tempo: 10,
        neurons: [
          { hotkey: validator2.address, coldkey: testColdkey('owner').address, stake: 5000, validator_permit: true },
          { hotkey: miner.address, coldkey: testColdkey('miner').address },
        ],
      },
    });
    reader = await createChainClient({ endpoint: devchain.url });
    wallets = await mkdtemp(join(tmpdir(), 'miner-main-chain-'));
    await writeTestWallet(wallets, 'miner', 'default', 'miner');
  });
  afterAll(async () => {
    await reader?.close();
    await devchain?.close();
    if (wallets) await rm(wallets, { recursive: true, force: true });
  });

  it('announces, commits, syncs validators, and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/miner/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: wallets,
        DATABASE_URL: db.url,
        MINER_HOTKEY: 'miner/default',
        MINER_WALLETS_DIR: wallets,
        MINER_HOST: '0.0.0.0',
        MINER_PORT: '0',
        MINER_EXECUTOR_MANAGER_OPTIONS: JSON.stringify({ manifest: { 'always_on.test': 3 }, warmSpares: false }),
        MINER_CHAIN: devchain.url,
        MINER_NETUID: String(NETUID),
        MINER_ANNOUNCE_IP: '127.0.0.2',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: LogLine[] = [];
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as LogLine);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const listening = await waitFor(() => lines.find((line) => line.msg === 'miner listening'), { what: `the miner listening (stderr: ${stderr})`, timeoutMs: 60_000 });
      const port = listening.port as number;
      const axon = await waitFor(async () => (await reader.metagraph(NETUID)).neurons.find((n) => n.hotkey === miner.address && n.axon.port === port)?.axon, {
        what: 'the axon on chain',
        timeoutMs: 30_000,
      });
      expect(axon.ip).toBe('127.0.0.2');
      const commitment = await waitFor(async () => await reader.commitment(NETUID, miner.address), { what: 'the manifest commitment', timeoutMs: 30_000 });
      expect(new TextDecoder().decode(commitment)).toBe('<M:T3>');
      await waitFor(() => lines.find((line) => line.msg === 'validator list changed' && (line.activated as string[]).includes(validator2.address)), {
        what: 'validator2 synced',
        timeoutMs: 30_000,
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const done = lines.find((line) => line.msg === 'shutdown complete');
    expect(done).toMatchObject({ outcome: 'clean', failed: [] });
  }, 120_000);
});
