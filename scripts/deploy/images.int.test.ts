/**
 * Each role's image builds with deploy/build.sh from the locally imported node image (no registry),
 * runs as uid 1000 with no secret baked in, reports healthy through its HEALTHCHECK on /health, and
 * stops cleanly on SIGTERM. The containers use the host's network: the validator and the facilitator
 * get a fresh PostgreSQL database and their own Redis prefix, the miner its embedded PGlite.
 */
import type Dockerode from 'dockerode';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ensureNodeImage, ready, requireDocker, waitFor, writeTestWallet } from '@horde/testkit';
import type { TestDatabase } from '@horde/testkit';
import { REPO_ROOT } from './bundle';
import type { Role } from './bundle';
import { freePort, run } from './test-support';

const SECRET_NAMES = /DATABASE_URL|REDIS_URL|TOKEN|SECRET|PASSWORD/;

let docker: Dockerode;
let baseImage: string;
let walletsDir: string;
const databases: TestDatabase[] = [];
const containers: Dockerode.Container[] = [];
const images: string[] = [];

beforeAll(async () => {
  docker = await requireDocker();
  await ready();
  baseImage = (await ensureNodeImage(docker)).tag;
  walletsDir = await mkdtemp(join(tmpdir(), 'horde-deploy-wallets-'));
  await writeTestWallet(walletsDir, 'miner', 'default', 'miner');
  await writeTestWallet(walletsDir, 'validator', 'default', 'validator');
  // The containers run as uid 1000, as they will on an operator's host (install_*.sh chowns the same way).
  expect(await run('chown', ['-R', '1000:1000', walletsDir])).toMatchObject({ code: 0 });
});

afterAll(async () => {
  for (const container of containers) await container.remove({ force: true, v: true }).catch(() => undefined);
  for (const image of images) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  for (const database of databases) await database.drop();
  await rm(walletsDir, { recursive: true, force: true });
});

/** The environment of each role's test container (besides the port variable). */
async function roleEnv(role: Role): Promise<Record<string, string>> {
  const prefix = `horde-deploy-test-${randomBytes(4).toString('hex')}`;
  if (role === 'miner') return { MINER_HOTKEY: 'miner/default' };
  const database = await createTestDatabase({ prefix: `deploy_${role}` });
  databases.push(database);
  const shared = { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379' };
  if (role === 'validator') {
    return { ...shared, VALIDATOR_HOTKEY: 'validator/default', VALIDATOR_ADMIN_HOST: '127.0.0.1', VALIDATOR_ADMIN_TOKEN: randomBytes(16).toString('hex'), VALIDATOR_REDIS_PREFIX: prefix };
  }
  return { ...shared, FACILITATOR_HOST: '127.0.0.1', FACILITATOR_SECRET: randomBytes(32).toString('hex'), FACILITATOR_REDIS_PREFIX: `${prefix}:` };
}

const PORT_VARIABLE: Record<Role, string> = { miner: 'MINER_PORT', validator: 'VALIDATOR_ADMIN_PORT', facilitator: 'FACILITATOR_PORT' };

describe.each(['miner', 'validator', 'facilitator'] as const)('the %s image', (role) => {
  const tag = `horde-deploy-test/${role}:latest`;

  it('builds from the local base image: uid 1000, HEALTHCHECK, SIGTERM, no secret in its environment', async () => {
    const started = Date.now();
    const built = await run('bash', [join(REPO_ROOT, 'deploy/build.sh'), role, tag], { env: { ...process.env, BASE_IMAGE: baseImage } });
    expect(built.stderr.replace(/DEPRECATED: The legacy builder[\s\S]*?buildx\/\n/, '')).not.toMatch(/error/i);
    expect(built).toMatchObject({ code: 0 });
    images.push(tag);
    const info = await docker.getImage(tag).inspect();
    console.log(`${role} image: ${(info.Size / 1e6).toFixed(0)} MB, built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(info.Config.User).toBe('1000:1000');
    expect((info.Config as { StopSignal?: string }).StopSignal).toBe('SIGTERM');
    expect(info.Config.Healthcheck?.Test).toEqual(['CMD', 'node', '/app/healthcheck.mjs', PORT_VARIABLE[role]]);
    expect(info.Config.Entrypoint).toEqual(['node', `/app/dist/bin/${role}.mjs`]);
    expect((info.Config.Env ?? []).filter((entry) => SECRET_NAMES.test(entry.split('=')[0] ?? ''))).toEqual([]);
  });

  it('starts, reports healthy on /health, has its CLI on the PATH, and exits 0 on SIGTERM', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const env = { ...(await roleEnv(role)), [PORT_VARIABLE[role]]: String(port) };
    const container = await docker.createContainer({
      Image: tag,
      name: `horde-deploy-test-${role}-${randomBytes(4).toString('hex')}`,
      Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
      // Checked every second here (the image says 30 s, after a 60 s start period), so that the test sees it soon.
      Healthcheck: { Interval: 1e9, Timeout: 5e9, Retries: 3, StartPeriod: 60e9 },
      HostConfig: { NetworkMode: 'host', Binds: [`${walletsDir}:/wallets:ro`] },
    });
    containers.push(container);
    const started = Date.now();
    await container.start();
    const state = await waitFor(
      async () => {
        const { State } = await container.inspect();
        if (!State.Running) throw new Error(`exited ${State.ExitCode}: ${(await container.logs({ stdout: true, stderr: true })).toString()}`);
        return State.Health?.Status === 'healthy' ? State : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `${role} container healthy` },
    );
    console.log(`${role}: healthy ${((Date.now() - started) / 1000).toFixed(1)} s after start`);
    expect(state.Health?.Log?.at(-1)?.ExitCode).toBe(0);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const cli = await run('docker', ['exec', container.id, `horde-${role}`, '--help']);
    expect(cli).toMatchObject({ code: 0 });
    expect(`${cli.stdout}${cli.stderr}`).toMatch(new RegExp(`[Uu]sage: horde-${role}`));

    await container.stop({ t: 20 });
    const stopped = await container.inspect();
    expect(stopped.State.ExitCode).toBe(0);
    const logs = (await container.logs({ stdout: true, stderr: true })).toString();
    expect(logs).toContain('shutting down');
  });
});

describe('the miner image and the Docker socket', () => {
  it('reaches the host engine as uid 1000 with only the socket group added, as deploy/miner/docker-compose.yml runs it', async () => {
    const tag = 'horde-deploy-test/miner:latest';
    const gid = (await stat('/var/run/docker.sock')).gid;
    const ping = "require('node:http').get({ socketPath: '/var/run/docker.sock', path: '/_ping' }, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(3))";
    const withGroup = await run('docker', ['run', '--rm', '-v', '/var/run/docker.sock:/var/run/docker.sock', '--group-add', String(gid), '--entrypoint', 'node', tag, '-e', ping]);
    expect(withGroup).toMatchObject({ code: 0 });
    const withoutGroup = await run('docker', ['run', '--rm', '-v', '/var/run/docker.sock:/var/run/docker.sock', '--entrypoint', 'node', tag, '-e', ping]);
    expect(withoutGroup.code).toBe(3);
  });
});
