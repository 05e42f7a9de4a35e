import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainClient, createDevchain } from '@horde/chain';
import type { ChainClient, Devchain } from '@horde/chain';
import { JobFinishedReceiptPayload } from '@horde/protocol';
import { TEST_WALLETS, createTestDatabase, isolatedRedis, testColdkey, waitFor, writeTestWallet } from '@horde/testkit';
import type { IsolatedRedis, TestDatabase } from '@horde/testkit';
import { openValidatorDatabase } from './db/database';
import type { ValidatorDatabaseHandle } from './db/database';
import { MinersRepo } from './db/miners';
import { ReceiptsRepo } from './db/receipts';
import { WeightsRepo } from './db/weights';
import { logger, redisPrefix, validatorTemplate } from './test-support/harness';

/*
 * The validator process (main.ts) with VALIDATOR_ROLES=chain on a devchain (100 ms blocks, tempo
 * 10) that is not up yet when the process starts: the process keeps retrying, then a miner serves
 * its axon and appears in the miners table; the default (provisional) score
 * source turns its finished receipts into weights, committed (CR v2) and revealed; SIGTERM stops
 * the process cleanly.
 */
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const NETUID = 12;
const { validator: vKey, miner } = TEST_WALLETS;

let devchain: Devchain;
let chain: ChainClient;
let database: TestDatabase;
let handle: ValidatorDatabaseHandle;
let redis: IsolatedRedis;
let walletsDir: string;
let child: ChildProcess | undefined;

const subnet = {
  netuid: NETUID,
  tempo: 10,
  neurons: [
    { hotkey: vKey.address, coldkey: testColdkey('validator').address, stake: 1000, validator_permit: true },
    { hotkey: miner.address, coldkey: testColdkey('miner').address },
  ],
  hyperparameters: { commit_reveal_weights_enabled: true, commit_reveal_period: 1, serving_rate_limit: 0, weights_rate_limit: 0 },
};

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'validator_chain', template: await validatorTemplate() });
  handle = await openValidatorDatabase({ url: database.url, logger });
  redis = isolatedRedis();
  walletsDir = await mkdtemp(join(tmpdir(), 'horde-val-wallets-'));
  await writeTestWallet(walletsDir, 'validator', 'default', 'validator');
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await chain?.close();
  await devchain?.close();
  await handle?.close();
  await redis?.cleanup();
  await database?.drop();
  if (walletsDir) await rm(walletsDir, { recursive: true, force: true });
});

/** Finished receipts of the miner every 250 ms over the next minute: whichever interval is scored has some. */
async function receiptsAhead(): Promise<void> {
  const receipts = new ReceiptsRepo(handle.db);
  const start = Date.now() - 5_000;
  for (let i = 0; i < 260; i += 1) {
    const at = new Date(start + i * 250).toISOString();
    const payload = JobFinishedReceiptPayload.parse({ job_uuid: randomUUID(), miner_hotkey: miner.address, validator_hotkey: vKey.address, timestamp: at, time_started: at, time_took_us: 1, score_str: '10.000000' });
    await receipts.saveFinished(payload, '0x00');
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Everything the process logged (pino JSON lines on stdout, errors on stderr). */
let output = '';

function startValidatorProcess(chainUrl: string): ChildProcess {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    VALIDATOR_HOTKEY: 'validator/default',
    VALIDATOR_WALLETS_DIR: walletsDir,
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    VALIDATOR_REDIS_PREFIX: redisPrefix(redis),
    VALIDATOR_ROLES: 'chain',
    VALIDATOR_CHAIN: chainUrl,
    VALIDATOR_CHAIN_CONNECT_TIMEOUT_S: '1',
    VALIDATOR_NETUID: String(NETUID),
    VALIDATOR_MINER_SYNC_S: '0.2',
    VALIDATOR_WEIGHTS_TICK_S: '0.1',
    VALIDATOR_COMMIT_REVEAL_MODE: 'v2',
    VALIDATOR_CHAIN_BLOCK_TIME_S: '0.1',
    LOG_LEVEL: 'warn',
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: APP_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return proc;
}

describe('the chain role of a validator process', () => {
  it('waits for a chain that is down at start, then syncs a miner that serves its axon, commits and reveals weights from its receipts, and stops on SIGTERM', async () => {
    await receiptsAhead();
    const port = await freePort();
    child = startValidatorProcess(`ws://127.0.0.1:${port}`);
    await waitFor(() => output.includes('chain connection failed; retrying'), { what: 'the validator retrying the chain', timeoutMs: 60_000 });
    expect(child.exitCode).toBeNull();
    devchain = await createDevchain({ subnet, blockTimeMs: 100, port });
    chain = await createChainClient({ endpoint: devchain.url });
    await chain.writer(miner.pair).serveAxon({ netuid: NETUID, version: 1_000_000, ip: '127.0.0.2', port: 8091, protocol: 4 });

    const miners = new MinersRepo(handle.db);
    const row = await waitFor(() => miners.get(miner.address), { what: 'the miner synced from the metagraph', timeoutMs: 30_000 });
    expect(row).toMatchObject({ source: 'chain', active: true, address: '127.0.0.2', port: 8091, uid: 1 });

    const weights = new WeightsRepo(handle.db);
    await waitFor(async () => (await weights.commits()).some((commit) => commit.status === 'revealed'), { what: 'weights committed and revealed', timeoutMs: 30_000 });
    const calls = devchain.extrinsics().filter((x) => x.signer === vKey.address);
    expect(calls.filter((x) => x.call === 'commit_weights' && x.success).length).toBeGreaterThanOrEqual(1);
    expect(calls.find((x) => x.call === 'reveal_weights')).toMatchObject({ success: true, args: { uids: [1], values: [65535] } });
    expect(devchain.state().weights[0]).toEqual([[1, 65535]]);
    expect((await weights.cycles())[0]).toMatchObject({ status: 'done', mode: 'v2', uids: [1] });

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 90_000);
});
