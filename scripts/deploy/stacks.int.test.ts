/**
 * The whole path of an operator, on this host: install_miner.sh and install_validator.sh run over
 * ssh *with* start, and the facilitator's compose file is started by hand; each stack comes up
 * healthy (the app, PostgreSQL, Redis) and answers on its published port. PostgreSQL and Redis are
 * the local stand-ins of local-service-images.sh (no registry here), named in .env before the
 * installers run (they keep variables they do not manage). The chain is a closed loopback port:
 * the apps keep running and retrying, nothing leaves the host.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxImage, ensureNodeImage, ready, requireDocker, waitFor, writeTestWallet } from '@horde/testkit';
import { REPO_ROOT } from './bundle';
import { startTestSshd } from './sshd';
import type { TestSshd } from './sshd';
import { composeCommand, freePort, run } from './test-support';

const SERVICE_IMAGES = 'HORDE_POSTGRES_IMAGE=horde-test/postgres:latest\nHORDE_REDIS_IMAGE=horde-test/redis:latest\n';
const CLOSED_CHAIN = 'ws://127.0.0.1:9';

let sshd: TestSshd;
let compose: string[];
let work: string;
let walletsDir: string;
const stacks: string[] = [];
const images: string[] = [];

beforeAll(async () => {
  sshd = await startTestSshd();
  compose = await composeCommand();
  const docker = await requireDocker();
  await ready();
  await ensureBusyboxImage(docker);
  const base = (await ensureNodeImage(docker)).tag;
  expect(await run('bash', [join(REPO_ROOT, 'scripts/deploy/local-service-images.sh')])).toMatchObject({ code: 0 });
  for (const role of ['miner', 'validator', 'facilitator']) {
    const tag = `horde-deploy-e2e/${role}:latest`;
    expect(await run('bash', [join(REPO_ROOT, 'deploy/build.sh'), role, tag], { env: { ...process.env, BASE_IMAGE: base } })).toMatchObject({ code: 0 });
    images.push(tag);
  }
  work = await mkdtemp(join(tmpdir(), 'horde-stacks-'));
  walletsDir = join(work, 'wallets');
  await writeTestWallet(walletsDir, 'miner', 'default', 'miner');
  await writeTestWallet(walletsDir, 'validator', 'default', 'validator');
}, 180_000);

afterAll(async () => {
  for (const dir of stacks) await composeIn(dir, ['down', '--volumes', '--timeout', '20']);
  for (const image of images) await run('docker', ['rmi', image]);
  await sshd?.stop();
  if (work) await rm(work, { recursive: true, force: true });
}, 120_000);

function composeIn(dir: string, args: string[]) {
  const [bin = 'docker-compose', ...pre] = compose;
  return run(bin, [...pre, ...args], { cwd: dir });
}

/** A new install dir whose .env already names the local PostgreSQL and Redis images. */
async function installDir(name: string): Promise<string> {
  const dir = join(work, `${name}${randomBytes(3).toString('hex')}`);
  await mkdir(dir);
  await writeFile(join(dir, '.env'), SERVICE_IMAGES, { mode: 0o600 });
  stacks.push(dir);
  return dir;
}

/** Waits until every service of the stack reports healthy, and returns how long that took. */
async function waitHealthy(dir: string, services: string[]): Promise<number> {
  const started = Date.now();
  await waitFor(
    async () => {
      for (const service of services) {
        const id = (await composeIn(dir, ['ps', '-q', service])).stdout.trim();
        if (!id) return false;
        const state = JSON.parse((await run('docker', ['inspect', '--format', '{{json .State}}', id])).stdout) as { Status: string; Health?: { Status: string } };
        if (state.Status !== 'running') throw new Error(`${service} is ${state.Status}: ${(await composeIn(dir, ['logs', '--tail', '20', service])).stdout}`);
        if (state.Health?.Status !== 'healthy') return false;
      }
      return true;
    },
    { timeoutMs: 90_000, intervalMs: 250, what: `${services.join(', ')} healthy in ${dir}` },
  );
  return Date.now() - started;
}

async function readEnv(dir: string, key: string): Promise<string | undefined> {
  return (await readFile(join(dir, '.env'), 'utf8')).split('\n').find((line) => line.startsWith(`${key}=`))?.slice(key.length + 1);
}

describe.concurrent('stacks started the operator way', { timeout: 150_000 }, () => {
  it('install_miner.sh over ssh starts a healthy miner with its PostgreSQL, serving on the published port', async () => {
    const dir = await installDir('miner');
    const port = await freePort();
    const installed = await sshd.runScript(await readFile(join(REPO_ROOT, 'install_miner.sh'), 'utf8'), [
      '--public-ip', '203.0.113.7', '--port', String(port), '--chain', CLOSED_CHAIN, '--netuid', '1',
      '--wallet-dir', walletsDir, '--wallet', 'miner', '--install-dir', dir, '--image', 'horde-deploy-e2e/miner:latest',
    ]);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('== started');
    console.log(`miner stack healthy ${(await waitHealthy(dir, ['postgres', 'miner'])) / 1000} s after install_miner.sh returned`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } } });
    const validators = await composeIn(dir, ['exec', '-T', 'miner', 'horde-miner', 'validators', 'list']);
    expect(validators).toMatchObject({ code: 0 });
  });

  it('install_validator.sh over ssh starts a healthy validator with PostgreSQL and Redis; the admin API takes the token of .env', async () => {
    const dir = await installDir('validator');
    const adminPort = await freePort();
    const installed = await sshd.runScript(await readFile(join(REPO_ROOT, 'install_validator.sh'), 'utf8'), [
      '--chain', CLOSED_CHAIN, '--netuid', '1', '--admin-port', String(adminPort),
      '--wallet-dir', walletsDir, '--wallet', 'validator', '--install-dir', dir, '--image', 'horde-deploy-e2e/validator:latest',
    ]);
    expect(installed.code).toBe(0);
    console.log(`validator stack healthy ${(await waitHealthy(dir, ['postgres', 'redis', 'validator'])) / 1000} s after install_validator.sh returned`);
    const token = await readEnv(dir, 'VALIDATOR_ADMIN_TOKEN');
    expect(installed.stdout).not.toContain(token);
    const health = await fetch(`http://127.0.0.1:${adminPort}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' }, redis: { status: 'ok' } } });
    expect((await fetch(`http://127.0.0.1:${adminPort}/admin/v1/miners`)).status).toBe(401);
    const miners = await fetch(`http://127.0.0.1:${adminPort}/admin/v1/miners`, { headers: { authorization: `Bearer ${token}` } });
    expect(miners.status).toBe(200);
    const cli = await composeIn(dir, ['exec', '-T', 'validator', 'horde-validator', 'miners', 'list']);
    expect(cli).toMatchObject({ code: 0 });
  });

  it('deploy/facilitator/docker-compose.yml with a hand-written .env starts a healthy facilitator with PostgreSQL and Redis', async () => {
    const dir = await installDir('facilitator');
    const port = await freePort();
    await writeFile(join(dir, 'docker-compose.yml'), await readFile(join(REPO_ROOT, 'deploy/facilitator/docker-compose.yml')));
    await writeFile(
      join(dir, '.env'),
      `${SERVICE_IMAGES}HORDE_FACILITATOR_IMAGE=horde-deploy-e2e/facilitator:latest\nPOSTGRES_PASSWORD=${randomBytes(12).toString('hex')}\nFACILITATOR_SECRET=${randomBytes(32).toString('hex')}\nFACILITATOR_PORT=${port}\n`,
    );
    expect(await composeIn(dir, ['up', '-d'])).toMatchObject({ code: 0 });
    console.log(`facilitator stack healthy ${(await waitHealthy(dir, ['postgres', 'redis', 'facilitator'])) / 1000} s after up`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const whitelist = await composeIn(dir, ['exec', '-T', 'facilitator', 'horde-facilitator', 'whitelist', 'list']);
    expect(whitelist).toMatchObject({ code: 0 });
  });
});
