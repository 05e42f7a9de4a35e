/**
 * install_miner.sh and install_validator.sh run over a real sshd on loopback (`ssh host 'bash -s' <
 * script -- args`, as an operator runs them) into a temporary install dir with --no-start: the .env
 * (content, mode 600, secrets kept across runs and never printed), the compose file (deploy/'s,
 * valid), the copied hotkey; --dry-run writes nothing; bad arguments exit non-zero with the reason.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready, writeTestWallet } from '@horde/testkit';
import { REPO_ROOT } from './bundle';
import { startTestSshd } from './sshd';
import type { TestSshd } from './sshd';
import { composeCommand, run } from './test-support';

let sshd: TestSshd;
let work: string;
let walletsDir: string;
let scripts: { miner: string; validator: string };

beforeAll(async () => {
  sshd = await startTestSshd();
  await ready();
  work = await mkdtemp(join(tmpdir(), 'horde-installers-'));
  walletsDir = join(work, 'wallets');
  await writeTestWallet(walletsDir, 'miner', 'default', 'miner');
  await writeTestWallet(walletsDir, 'validator', 'hk1', 'validator');
  await run('mkdir', ['-p', join(walletsDir, 'locked/hotkeys')]);
  await writeFile(join(walletsDir, 'locked/hotkeys/default'), '$NACL...encrypted');
  scripts = {
    miner: await readFile(join(REPO_ROOT, 'install_miner.sh'), 'utf8'),
    validator: await readFile(join(REPO_ROOT, 'install_validator.sh'), 'utf8'),
  };
});

afterAll(async () => {
  await sshd?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function readEnv(dir: string): Promise<Record<string, string>> {
  const entries = (await readFile(join(dir, '.env'), 'utf8'))
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(entries);
}

/** The address of this host on Docker's default bridge (docker0). */
async function dockerBridgeAddress(): Promise<string | undefined> {
  return /inet (\d+\.\d+\.\d+\.\d+)\//.exec((await run('ip', ['-4', '-o', 'addr', 'show', 'docker0'])).stdout)?.[1];
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

/** The compose file is deploy/'s and, with the written .env, valid; returns the resolved configuration. */
async function expectValidCompose(dir: string, role: 'miner' | 'validator'): Promise<string> {
  expect(await readFile(join(dir, 'docker-compose.yml'), 'utf8')).toBe(await readFile(join(REPO_ROOT, 'deploy', role, 'docker-compose.yml'), 'utf8'));
  const [bin = 'docker-compose', ...pre] = await composeCommand();
  const resolved = await run(bin, [...pre, 'config'], { cwd: dir });
  expect(resolved).toMatchObject({ code: 0, stderr: '' });
  return resolved.stdout;
}

describe('install_miner.sh over ssh', () => {
  const minerArgs = (dir: string) => ['--public-ip', '203.0.113.7', '--port', '8123', '--wallet-dir', walletsDir, '--wallet', 'miner', '--chain', 'ws://127.0.0.1:9944', '--netuid', '1', '--install-dir', dir];

  it('writes the .env (mode 600), the compose file and the hotkey, and keeps secrets and extra variables on a second run', async () => {
    const dir = join(work, 'miner');
    const first = await sshd.runScript(scripts.miner, [...minerArgs(dir), '--validators', '5Fvalidator1,5Gvalidator2', '--no-start']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('not started (--no-start)');

    const env = await readEnv(dir);
    const dockerGid = String((await stat('/var/run/docker.sock')).gid);
    expect(env).toEqual({
      HORDE_MINER_IMAGE: 'horde/miner:latest',
      POSTGRES_PASSWORD: expect.stringMatching(/^[0-9a-f]{48}$/) as unknown as string,
      DOCKER_GID: dockerGid,
      DOCKER_BRIDGE_GATEWAY: await dockerBridgeAddress(),
      MINER_HOTKEY: 'miner/default',
      MINER_CHAIN: 'ws://127.0.0.1:9944',
      MINER_NETUID: '1',
      MINER_PORT: '8123',
      MINER_ANNOUNCE_IP: '203.0.113.7',
      MINER_VALIDATORS: '5Fvalidator1,5Gvalidator2',
      MINER_EXECUTOR_MANAGER_OPTIONS: expect.any(String) as unknown as string,
    });
    expect(JSON.parse(env.MINER_EXECUTOR_MANAGER_OPTIONS ?? '')).toEqual({ image: 'horde/executor:latest', defaultExecutorClass: 'spin_up-4min.gpu-24gb', publicAddress: '203.0.113.7' });
    expect(first.stdout).not.toContain(env.POSTGRES_PASSWORD);
    expect(await mode(join(dir, '.env'))).toBe(0o600);
    // The JSON value reaches the container as written (Compose reads .env lines literally).
    expect(await expectValidCompose(dir, 'miner')).toContain(`MINER_EXECUTOR_MANAGER_OPTIONS: '${env.MINER_EXECUTOR_MANAGER_OPTIONS}'`);
    const hotkey = join(dir, 'wallets/miner/hotkeys/default');
    expect(await readFile(hotkey, 'utf8')).toBe(await readFile(join(walletsDir, 'miner/hotkeys/default'), 'utf8'));
    expect(await mode(hotkey)).toBe(0o600);
    expect((await stat(hotkey)).uid).toBe(1000);
    expect(await readFile(join(dir, 'wallets/miner/coldkeypub.txt'), 'utf8')).toBe(await readFile(join(walletsDir, 'miner/coldkeypub.txt'), 'utf8'));

    await writeFile(join(dir, '.env'), `${await readFile(join(dir, '.env'), 'utf8')}MINER_ANNOUNCE_INTERVAL_S=600\n`);
    const second = await sshd.runScript(scripts.miner, [...minerArgs(dir), '--port', '9123', '--chain', 'finney', '--netuid', '12', '--no-start']);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    const again = await readEnv(dir);
    expect(again).toMatchObject({ POSTGRES_PASSWORD: env.POSTGRES_PASSWORD, MINER_PORT: '9123', MINER_CHAIN: 'finney', MINER_NETUID: '12', MINER_ANNOUNCE_INTERVAL_S: '600' });
    expect(again).not.toHaveProperty('MINER_VALIDATORS');
    expect(await mode(join(dir, '.env'))).toBe(0o600);
  });

  it('--dry-run shows the .env with secrets masked and writes nothing', async () => {
    const dir = join(work, 'miner-dry');
    const dry = await sshd.runScript(scripts.miner, [...minerArgs(dir), '--dry-run']);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain('POSTGRES_PASSWORD=<secret>');
    expect(dry.stdout).toContain('MINER_ANNOUNCE_IP=203.0.113.7');
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    [['--chain', 'mainnet'], "bad --chain 'mainnet': use finney, test or a ws:// / wss:// URL"],
    [['--chain', 'ws://host/$(reboot)'], 'not a URL'],
    [['--netuid', 'twelve'], "bad --netuid 'twelve'"],
    [['--port', '70000'], "bad --port '70000'"],
    [['--public-ip', '127.0.0.1'], 'the chain refuses it'],
    [['--public-ip', 'example.com'], "bad --public-ip 'example.com'"],
    [['--wallet', 'nobody'], `no hotkey file at ${'WALLETS'}/nobody/hotkeys/default`],
    [['--wallet', 'locked'], 'holds no secretSeed or secretPhrase'],
    [['--install-dir', 'relative/dir'], '--install-dir must be an absolute path'],
    [['--frobnicate'], "unknown argument '--frobnicate'"],
    [['--port'], '--port needs a value'],
  ])('refuses %j with a clear message and changes nothing', async (bad, message) => {
    const dir = join(work, 'miner-bad');
    const result = await sshd.runScript(scripts.miner, [...minerArgs(dir), '--no-start', ...bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^install_miner\.sh: /);
    expect(result.stderr).toContain(message.replace('WALLETS', walletsDir));
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('requires --public-ip', async () => {
    const result = await sshd.runScript(scripts.miner, ['--wallet-dir', walletsDir, '--wallet', 'miner', '--install-dir', join(work, 'none'), '--no-start']);
    expect(result).toMatchObject({ code: 1, stderr: 'install_miner.sh: --public-ip is required: the address validators dial, announced on chain\n' });
  });
});

describe('install_validator.sh over ssh', () => {
  const validatorArgs = (dir: string) => ['--wallet-dir', walletsDir, '--wallet', 'validator', '--hotkey', 'hk1', '--chain', 'test', '--install-dir', dir, '--no-start'];

  it('generates an admin token it does not print, keeps it across runs, and prints it only with --show-token', async () => {
    const dir = join(work, 'validator');
    const first = await sshd.runScript(scripts.validator, [...validatorArgs(dir), '--facilitator-url', 'wss://facilitator.example/ws/v0/', '--miners', '5Fminer@10.0.0.5:8000']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const env = await readEnv(dir);
    expect(env).toEqual({
      HORDE_VALIDATOR_IMAGE: 'horde/validator:latest',
      POSTGRES_PASSWORD: expect.stringMatching(/^[0-9a-f]{48}$/) as unknown as string,
      VALIDATOR_ADMIN_TOKEN: expect.stringMatching(/^[0-9a-f]{48}$/) as unknown as string,
      VALIDATOR_ADMIN_PORT: '8100',
      VALIDATOR_HOTKEY: 'validator/hk1',
      VALIDATOR_CHAIN: 'test',
      VALIDATOR_NETUID: '174',
      VALIDATOR_FACILITATOR_URL: 'wss://facilitator.example/ws/v0/',
      VALIDATOR_MINERS: '5Fminer@10.0.0.5:8000',
    });
    expect(first.stdout).not.toContain(env.VALIDATOR_ADMIN_TOKEN);
    expect(first.stdout).toContain('--show-token prints it');
    expect(await mode(join(dir, '.env'))).toBe(0o600);
    await expectValidCompose(dir, 'validator');
    expect(await mode(join(dir, 'wallets/validator/hotkeys/hk1'))).toBe(0o600);

    const second = await sshd.runScript(scripts.validator, [...validatorArgs(dir), '--show-token']);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain(`admin token: ${env.VALIDATOR_ADMIN_TOKEN}`);
    expect(await readEnv(dir)).toMatchObject({ VALIDATOR_ADMIN_TOKEN: env.VALIDATOR_ADMIN_TOKEN, POSTGRES_PASSWORD: env.POSTGRES_PASSWORD });

    const given = 'operator-chosen-token-0123456789';
    expect(await sshd.runScript(scripts.validator, [...validatorArgs(dir), '--admin-token', given])).toMatchObject({ code: 0 });
    expect(await readEnv(dir)).toMatchObject({ VALIDATOR_ADMIN_TOKEN: given, POSTGRES_PASSWORD: env.POSTGRES_PASSWORD });
  });

  it.each([
    [['--admin-token', 'short'], 'bad --admin-token: 16 or more'],
    [['--admin-token', 'has space in it, sixteen+'], 'bad --admin-token'],
    [['--facilitator-url', 'http://facilitator.example'], "bad --facilitator-url 'http://facilitator.example'"],
    [['--miners', '5Fminer@10.0.0.5'], "bad --miners '5Fminer@10.0.0.5'"],
    [['--admin-port', '0'], "bad --admin-port '0'"],
    [['--hotkey', '../x'], "bad wallet or hotkey name '../x'"],
  ])('refuses %j with a clear message and changes nothing', async (bad, message) => {
    const dir = join(work, 'validator-bad');
    const result = await sshd.runScript(scripts.validator, [...validatorArgs(dir), ...bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^install_validator\.sh: /);
    expect(result.stderr).toContain(message);
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
