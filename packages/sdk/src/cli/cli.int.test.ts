import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ready } from '@horde/hotkey';
import { TEST_WALLETS, waitFor, writeTestWallet } from '@horde/testkit';
import type { TestWallet } from '@horde/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFacilitator } from '../test-support/fake-facilitator';
import type { FakeFacilitator, FakeFacilitatorOptions } from '../test-support/fake-facilitator';

const BIN = fileURLToPath(new URL('../../bin/horde.mjs', import.meta.url));
const RESULT = {
  docker_process_stdout: 'hi\n',
  docker_process_stderr: '',
  artifacts: { '/artifacts/out.txt': Buffer.from('artifact body\n').toString('base64') },
};

let dir: string;
let wallet: TestWallet;
let fake: FakeFacilitator | undefined;

beforeAll(async () => {
  await ready();
  dir = await mkdtemp(join(tmpdir(), 'horde-cli-'));
  wallet = await writeTestWallet(join(dir, 'wallets'), 'me', 'default', 'user');
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `horde` binary as a child process (async: the fake lives in this process). */
function horde(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function facilitator(script: FakeFacilitatorOptions['script']) {
  fake = await startFakeFacilitator({ whitelist: [TEST_WALLETS.user.address], script });
  return {
    fake,
    env: { HORDE_FACILITATOR_URL: fake.url, HORDE_WALLET: wallet.hotkeyPath, HORDE_VALIDATOR: TEST_WALLETS.validator.address },
  };
}

describe('horde job run (child process against a fake facilitator)', () => {
  it('prints every stage, then stdout and the artifact, and exits 0 when the job completed', async () => {
    const { fake, env } = await facilitator(() => [
      { status: 'accepted' },
      { status: 'executor_ready' },
      { status: 'volumes_ready' },
      { status: 'execution_done' },
      { status: 'completed', metadata: { miner_response: RESULT } },
    ]);
    const run = await horde(['job', 'run', '--image', 'alpine', '--env', 'K=V', '--artifacts-dir', '/artifacts', '--timeout', '30', '--', 'echo', 'hi'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const stages = [...run.stdout.matchAll(/^\[\s*[\d.]+s\] (\w+)/gm)].map((m) => m[1]);
    expect(stages).toEqual(['sent', 'accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'completed']);
    expect(run.stdout).toMatch(/--- stdout ---\nhi\n/);
    expect(run.stdout).toMatch(/--- artifact \/artifacts\/out\.txt \(14 bytes\) ---\nartifact body/);
    expect(fake.jobs[0]?.body).toMatchObject({ docker_image: 'alpine', args: ['echo', 'hi'], env: { K: 'V' }, execution_time_limit: 30, artifacts_dir: '/artifacts' });
    expect(fake.jobs[0]?.signatureValid).toBe(true);
  });

  it('exits 1 and shows the reason when the job failed', async () => {
    const failure = { reason: 'nonzero_return_code', stage: 'execution', message: 'exit status 3', docker_process_exit_status: 3 } as const;
    const { env } = await facilitator(() => [{ status: 'accepted' }, { status: 'failed', metadata: { job_failure_details: failure } }]);
    const run = await horde(['job', 'run', '--image', 'alpine', '--', 'false'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('failed (nonzero_return_code at execution: exit status 3)');
    expect(run.stdout).toContain('error: failed: nonzero_return_code: exit status 3');
  });

  it('loads <wallet>/<hotkey> from the wallets dir; get, list and cancel work; bad config exits 1 with a typed message', async () => {
    const { fake, env } = await facilitator(undefined);
    const named = { ...env, HORDE_WALLET: 'me/default', HORDE_WALLETS_DIR: join(dir, 'wallets') };
    const started = horde(['job', 'run', '--image', 'alpine', '--', 'sleep', '100'], named);
    const job = await waitFor(() => fake.jobs[0], { what: 'the job to be created', timeoutMs: 20_000 });
    const cancel = await horde(['job', 'cancel', job.uuid], named);
    expect(cancel).toMatchObject({ code: 0, stdout: `cancel requested for ${job.uuid}\n` });
    const run = await started;
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('cancelled');
    const get = await horde(['job', 'get', job.uuid], named);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/sent\n.*cancelled\n/);
    const list = await horde(['job', 'list'], named);
    expect(list.stdout).toContain(`${job.uuid}  cancelled`);
    const missing = await horde(['job', 'list'], { ...named, HORDE_VALIDATOR: '' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('CONFIG_INVALID');
  });
});
