import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, ensureBusyboxImage, requireDocker } from '@horde/testkit';
import { ADMIN_TOKEN, startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';
import { startRealMiner } from '../test-support/real-miner';
import type { RealMiner } from '../test-support/real-miner';
import { AdminClient } from './admin-client';
import { buildCli } from './program';

/* The CLI against a running validator's admin API, with a real miner behind it. */
let validator: TestValidator;
let miner: RealMiner;
let image: string;

beforeAll(async () => {
  const docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
  miner = await startRealMiner({ hotkey: TEST_WALLETS.miner, docker, executorClass: 'always_on.test' });
  validator = await startTestValidator();
}, 120_000);

afterAll(async () => {
  await validator?.close();
  await miner?.close();
});

async function cli(args: string[], token = ADMIN_TOKEN): Promise<{ out: string[]; exitCode: number | undefined }> {
  const out: string[] = [];
  let exitCode: number | undefined;
  const program = buildCli({ client: () => new AdminClient(validator.url, token), print: (text) => out.push(text), setExitCode: (code) => (exitCode = code), printError: () => undefined });
  await program.parseAsync(['node', 'horde-validator', ...args]);
  return { out, exitCode };
}

describe('horde-validator CLI', () => {
  it('adds, lists and removes miners and whitelist entries', async () => {
    await cli(['miners', 'add', TEST_WALLETS.miner.address, '127.0.0.1', String(miner.port)]);
    expect((await cli(['miners', 'list'])).out.join('\n')).toContain(`${TEST_WALLETS.miner.address}  127.0.0.1:${miner.port}  cli`);
    await cli(['whitelist', 'add', TEST_WALLETS.user.address, '--note', 'friend']);
    expect((await cli(['whitelist', 'list'])).out).toEqual([`${TEST_WALLETS.user.address}  friend`]);
    await cli(['whitelist', 'remove', TEST_WALLETS.user.address]);
    expect((await cli(['whitelist', 'list'])).out).toEqual([]);
    await expect(cli(['whitelist', 'remove', TEST_WALLETS.user.address])).rejects.toThrow(/WHITELIST_ENTRY_NOT_FOUND/);
    await expect(cli(['miners', 'list'], 'wrong-token')).rejects.toThrow(/UNAUTHORIZED/);
  });

  it('run-job prints each stage live, then stdout and the artifact; exit code 0', async () => {
    const { out, exitCode } = await cli(['run-job', '--image', image, '--env', 'WHO=horde', '--artifacts-dir', '/artifacts', '--', 'sh', '-c', 'echo hello $WHO; echo art > /artifacts/a.txt']);
    const stages = out.filter((line) => /^\d\d:\d\d:\d\d\.\d{3} {2}/.test(line)).map((line) => line.split('  ')[1]);
    expect(stages).toEqual(['received', 'accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'completed']);
    expect(out).toContain('--- stdout\nhello horde');
    expect(out).toContain('--- artifact /artifacts/a.txt\nart');
    expect(exitCode).toBe(0);
  }, 120_000);

  it('run-job shows the reason of a rejected job and exits 1', async () => {
    const { out, exitCode } = await cli(['run-job', '--image', image, '--executor-class', 'always_on.gpu-24gb', '--', 'true']);
    expect(out.at(-1)).toMatch(/rejected {2}no_miner_for_job: /);
    expect(exitCode).toBe(1);
  }, 60_000);
});
