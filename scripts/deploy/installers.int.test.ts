/**
 * install_miner.sh and install_validator.sh run over a real sshd on loopback into temporary install
 * dirs with --no-start, in both modes. Host mode (`ssh host 'bash -s' < script -- args`): the .env
 * (content, mode 600, secrets kept across runs and never printed), the compose file (deploy/'s,
 * valid), the copied hotkey; --dry-run writes nothing; bad arguments exit non-zero with the reason.
 * Laptop mode (`bash script --ssh user@host --hotkey-file FILE ...`, ssh wrapped by a shim that
 * records every ssh command line): the same files as host mode plus the hotkey in the host's wallets
 * dir, no secret on any command line, clear refusals before anything is copied, and --push-images
 * moving an image from a second Docker engine (the laptop's) to this machine's (the host's).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxImage, ready, requireDocker, writeTestWallet } from '@horde/testkit';
import { REPO_ROOT } from './bundle';
import { startLaptopDocker } from './laptop-docker';
import type { LaptopDocker } from './laptop-docker';
import { startTestSshd } from './sshd';
import type { TestSshd } from './sshd';
import { composeCommand, freePort, run } from './test-support';

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

describe('from a laptop (--ssh)', () => {
  const paths = { miner: join(REPO_ROOT, 'install_miner.sh'), validator: join(REPO_ROOT, 'install_validator.sh') };
  let shimDir: string;
  let sshLog: string;
  let laptop: LaptopDocker | undefined;
  const pushedImages: string[] = [];

  beforeAll(async () => {
    // An ssh that records its command line (what `ps` shows on both ends) and runs the real one.
    const realSsh = (await run('sh', ['-c', 'command -v ssh'])).stdout.trim();
    shimDir = await mkdtemp(join(tmpdir(), 'horde-ssh-shim-'));
    sshLog = join(shimDir, 'ssh.log');
    await writeFile(join(shimDir, 'ssh'), `#!/bin/sh\nprintf '%s\\n' "ssh $*" >> '${sshLog}'\nexec '${realSsh}' "$@"\n`);
    await chmod(join(shimDir, 'ssh'), 0o755);
  });

  afterAll(async () => {
    if (pushedImages.length > 0) await run('docker', ['rmi', ...pushedImages]);
    await laptop?.stop();
    if (shimDir) await rm(shimDir, { recursive: true, force: true });
  });

  const sshArgs = (port = sshd.port) => [
    '--ssh', `${sshd.user}@127.0.0.1`, '--ssh-port', String(port), '--ssh-key', sshd.clientKey,
    '--ssh-option', 'BatchMode=yes', '--ssh-option', 'StrictHostKeyChecking=no', '--ssh-option', 'UserKnownHostsFile=/dev/null', '--ssh-option', 'LogLevel=ERROR',
  ];
  const laptopEnv = (extra: NodeJS.ProcessEnv = {}) => ({ ...process.env, PATH: `${shimDir}:${process.env.PATH ?? ''}`, ...extra });
  const runLaptop = (role: 'miner' | 'validator', args: string[], extraEnv: NodeJS.ProcessEnv = {}) => run('bash', [paths[role], ...args], { env: laptopEnv(extraEnv) });
  const minerHotkey = () => join(walletsDir, 'miner/hotkeys/default');
  const minerLaptopArgs = (dir: string, hostWallets: string) => [
    ...sshArgs(), '--hotkey-file', minerHotkey(), '--wallet-dir', hostWallets,
    '--public-ip', '203.0.113.7', '--port', '8123', '--chain', 'ws://127.0.0.1:9944', '--netuid', '1', '--install-dir', dir, '--no-start',
  ];
  /** The secret values of a test hotkey file. */
  const secretsOf = async (file: string) => {
    const keyfile = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    const secrets = [keyfile.secretPhrase, keyfile.secretSeed, keyfile.privateKey].filter((value): value is string => typeof value === 'string' && value.length > 0);
    expect(secrets.length).toBeGreaterThan(0);
    return secrets;
  };
  const recordedSsh = async () => readFile(sshLog, 'utf8').catch(() => '');

  it('installs the miner as host mode does: same .env, compose file and hotkey; the hotkey also in the host wallets dir; no secret on a command line', async () => {
    const hostModeDir = join(work, 'laptop-reference');
    expect(await sshd.runScript(scripts.miner, ['--public-ip', '203.0.113.7', '--port', '8123', '--wallet-dir', walletsDir, '--wallet', 'miner', '--chain', 'ws://127.0.0.1:9944', '--netuid', '1', '--install-dir', hostModeDir, '--no-start'])).toMatchObject({ code: 0 });
    const dir = join(work, 'laptop-miner');
    const hostWallets = join(work, 'host-wallets-miner');
    const before = (await recordedSsh()).length;

    const result = await runLaptop('miner', minerLaptopArgs(dir, hostWallets));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`copying the hotkey to ${sshd.user}@127.0.0.1:${hostWallets}/miner/hotkeys/default (mode 600)`);
    expect(result.stdout).toContain('not started (--no-start)');

    const { POSTGRES_PASSWORD: password, ...env } = await readEnv(dir);
    const { POSTGRES_PASSWORD: referencePassword, ...reference } = await readEnv(hostModeDir);
    expect(env).toEqual(reference);
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(password).not.toBe(referencePassword);
    expect(await mode(join(dir, '.env'))).toBe(0o600);
    await expectValidCompose(dir, 'miner');
    const local = await readFile(minerHotkey(), 'utf8');
    for (const copy of [join(dir, 'wallets/miner/hotkeys/default'), join(hostWallets, 'miner/hotkeys/default')]) {
      expect(await readFile(copy, 'utf8')).toBe(local);
      expect(await mode(copy)).toBe(0o600);
    }
    expect((await stat(join(dir, 'wallets/miner/hotkeys/default'))).uid).toBe(1000);
    expect((await stat(join(hostWallets, 'miner/hotkeys/default'))).uid).toBe(process.getuid?.());
    expect(await readFile(join(hostWallets, 'miner/coldkeypub.txt'), 'utf8')).toBe(await readFile(join(walletsDir, 'miner/coldkeypub.txt'), 'utf8'));

    const commandLines = (await recordedSsh()).slice(before);
    expect(commandLines).toContain(`bash -s -- --public-ip 203.0.113.7 --port 8123 --wallet-dir ${hostWallets} --wallet miner --hotkey default`);
    for (const secret of await secretsOf(minerHotkey())) expect(commandLines).not.toContain(secret);
  });

  it('sends the validator admin token through stdin: in .env, printed with --show-token, never on a command line', async () => {
    const dir = join(work, 'laptop-validator');
    const token = `laptop-token-${randomBytes(12).toString('hex')}`;
    const before = (await recordedSsh()).length;
    const hotkeyFile = join(walletsDir, 'validator/hotkeys/hk1');
    const result = await runLaptop('validator', [...sshArgs(), '--hotkey-file', hotkeyFile, '--wallet-dir', join(work, 'host-wallets-validator'), '--chain', 'test', '--install-dir', dir, '--no-start', '--show-token'], { HORDE_ADMIN_TOKEN: token });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`admin token: ${token}`);
    expect(await readEnv(dir)).toMatchObject({ VALIDATOR_ADMIN_TOKEN: token, VALIDATOR_HOTKEY: 'validator/hk1', VALIDATOR_NETUID: '174' });
    expect(await readFile(join(dir, 'wallets/validator/hotkeys/hk1'), 'utf8')).toBe(await readFile(hotkeyFile, 'utf8'));
    await expectValidCompose(dir, 'validator');
    const commandLines = (await recordedSsh()).slice(before);
    expect(commandLines).toContain('bash -s -- --wallet-dir');
    for (const secret of [token, ...(await secretsOf(hotkeyFile))]) expect(commandLines).not.toContain(secret);
  });

  it('passes the host side exit code and error through', async () => {
    const result = await runLaptop('miner', [...minerLaptopArgs('/proc/horde-cannot-be-here', join(work, 'host-wallets-fail'))]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('install_miner.sh: cannot create /proc/horde-cannot-be-here');
  });

  it('--dry-run copies and writes nothing and shows the host side dry run', async () => {
    const dir = join(work, 'laptop-dry');
    const hostWallets = join(work, 'host-wallets-dry');
    const result = await runLaptop('miner', [...minerLaptopArgs(dir, hostWallets), '--dry-run']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`would copy ${minerHotkey()} to ${sshd.user}@127.0.0.1:${hostWallets}/miner/hotkeys/default`);
    expect(result.stdout).toContain('POSTGRES_PASSWORD=<secret>');
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(hostWallets)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    [['--hotkey-file', 'NOWHERE'], 'no hotkey file at'],
    [['--hotkey-file', 'LOCKED'], 'holds no secretSeed or secretPhrase'],
    [['--hotkey-file', 'LOOSE'], 'cannot tell the wallet name from --hotkey-file'],
    [['--ssh', 'root@-oProxyCommand=sh'], "bad --ssh 'root@-oProxyCommand=sh': host or user@host"],
    [['--ssh-port', '0'], "bad --ssh-port '0'"],
    [['--ssh-key', '/nonexistent/key'], 'cannot read --ssh-key /nonexistent/key'],
    [['--wallet-dir', 'relative/wallets'], 'with --ssh, the wallets directory on the host, an absolute path'],
    [['--chain', 'mainnet'], "bad --chain 'mainnet'"],
    [['--push-images', '--image', 'horde-installer-absent/miner:none'], '--push-images: image horde-installer-absent/miner:none is not on this machine'],
  ])('refuses %j before anything is copied', async (bad, message) => {
    const loose = join(work, 'loose-hotkey');
    await writeFile(loose, await readFile(minerHotkey()));
    const fix = (arg: string) => ({ NOWHERE: join(work, 'nowhere/hotkeys/default'), LOCKED: join(walletsDir, 'locked/hotkeys/default'), LOOSE: loose })[arg] ?? arg;
    const dir = join(work, 'laptop-bad');
    const hostWallets = join(work, 'host-wallets-bad');
    const result = await runLaptop('miner', [...minerLaptopArgs(dir, hostWallets), ...bad.map(fix)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^install_miner\.sh: /);
    expect(result.stderr).toContain(message);
    await expect(stat(hostWallets)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fails with the ssh error when the connection is refused', async () => {
    const hostWallets = join(work, 'host-wallets-refused');
    const closed = await freePort();
    const result = await runLaptop('miner', [...minerLaptopArgs(join(work, 'laptop-refused'), hostWallets), ...sshArgs(closed)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Connection refused');
    expect(result.stderr).toContain(`install_miner.sh: cannot run a command on ${sshd.user}@127.0.0.1 over ssh (ssh exited 255; its error is above)`);
    await expect(stat(hostWallets)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    [['--hotkey-file', '/tmp/x'], '--hotkey-file, --ssh-port, --ssh-key, --ssh-option and --push-images go with --ssh'],
    [['--push-images'], 'go with --ssh'],
  ])('host mode refuses the laptop option %j', async (bad, message) => {
    const result = await sshd.runScript(scripts.validator, ['--wallet-dir', walletsDir, '--wallet', 'validator', '--hotkey', 'hk1', '--install-dir', join(work, 'none'), '--no-start', ...bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('is the same laptop block in both installers', () => {
    const block = (script: string) => /# ---- laptop mode \(--ssh\)[\s\S]*# ---- end of laptop mode/.exec(script)?.[0];
    expect(block(scripts.miner)).toMatch(/laptop_install\(\)/);
    expect(block(scripts.validator)).toBe(block(scripts.miner));
  });

  it('refuses --ssh when the script comes on stdin (it sends its own file to the host)', async () => {
    const result = await run('bash', ['-s', '--', ...minerLaptopArgs(join(work, 'stdin'), join(work, 'host-wallets-stdin'))], { input: scripts.miner, env: laptopEnv() });
    expect(result).toMatchObject({ code: 1, stderr: 'install_miner.sh: --ssh: run the script file (bash install_miner.sh --ssh ...), not the script on stdin\n' });
  });

  it('--push-images loads the images the host lacks and skips them on the next run', async () => {
    const bridgeBefore = await dockerBridgeAddress();
    expect(bridgeBefore).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    laptop = await startLaptopDocker();
    // The second engine leaves this machine's default bridge alone.
    expect(await dockerBridgeAddress()).toBe(bridgeBefore);
    const laptopDocker = await requireDocker({ socketPath: laptop.socketPath });
    const suffix = randomBytes(4).toString('hex');
    const [minerImage, executorImage] = [`horde-installer-push/miner:${suffix}`, `horde-installer-push/executor:${suffix}`];
    for (const image of [minerImage, executorImage]) await ensureBusyboxImage(laptopDocker, image);
    pushedImages.push(minerImage, executorImage);
    const imageId = async (image: string, dockerHost?: string) =>
      (await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { env: dockerHost ? { ...process.env, DOCKER_HOST: dockerHost } : process.env })).stdout.trim();
    expect(await imageId(minerImage)).toBe('');
    const args = [...minerLaptopArgs(join(work, 'laptop-push'), join(work, 'host-wallets-push')), '--push-images', '--image', minerImage, '--executor-image', executorImage];

    const first = await runLaptop('miner', args, { DOCKER_HOST: laptop.dockerHost });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`pushing ${executorImage} ${minerImage} to ${sshd.user}@127.0.0.1`);
    for (const image of [minerImage, executorImage]) {
      const id = await imageId(image, laptop.dockerHost);
      expect(id).toMatch(/^sha256:/);
      expect(await imageId(image)).toBe(id);
    }

    const second = await runLaptop('miner', args, { DOCKER_HOST: laptop.dockerHost });
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain(`${minerImage}: already on ${sshd.user}@127.0.0.1`);
    expect(second.stdout).toContain(`${executorImage}: already on`);
    expect(second.stdout).not.toContain('pushing');
  }, 120_000);
});
