/**
 * The compose files of deploy/<role>/ are valid for Docker Compose (`config`, with the .env the
 * installers write), wire what each role needs, and the installers write exactly these files.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './bundle';
import { composeCommand, run } from './test-support';

const ENV = 'POSTGRES_PASSWORD=test-password\nFACILITATOR_SECRET=0123456789abcdef0123456789abcdef\nMINER_PORT=8123\nDOCKER_GID=4242\nDOCKER_BRIDGE_GATEWAY=172.18.0.1\n';

interface Expected {
  readonly services: string[];
  readonly volumes: string[];
  /** Fragments of the resolved configuration (ports print differently in Compose v1 and v2: patterns). */
  readonly contains: (string | RegExp)[];
}

const EXPECTED: Record<'miner' | 'validator' | 'facilitator', Expected> = {
  miner: {
    services: ['miner', 'postgres'],
    volumes: ['miner-data', 'postgres-data'],
    contains: ['/var/run/docker.sock:/var/run/docker.sock', 'ws://172.18.0.1:8123', /published: ["']?8123/, /target: 8123/, /- ["']?4242/, 'postgres://horde:test-password@postgres:5432/horde', 'MINER_EXECUTOR_MANAGER: docker'],
  },
  validator: {
    services: ['postgres', 'redis', 'validator'],
    volumes: ['postgres-data', 'redis-data', 'validator-data'],
    contains: [/127\.0\.0\.1:8100:8100|host_ip: 127\.0\.0\.1/, 'redis://redis:6379', 'postgres://horde:test-password@postgres:5432/horde'],
  },
  facilitator: {
    services: ['facilitator', 'postgres', 'redis'],
    volumes: ['facilitator-data', 'postgres-data', 'redis-data'],
    contains: [/published: ["']?9000/, /target: 9000/, 'redis://redis:6379', 'FACILITATOR_SECRET: 0123456789abcdef0123456789abcdef'],
  },
};

let compose: string[];
let dir: string;

beforeAll(async () => {
  compose = await composeCommand();
  dir = await mkdtemp(join(tmpdir(), 'horde-compose-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function config(role: string, env: string, ...args: string[]) {
  const roleDir = join(dir, role);
  await run('mkdir', ['-p', roleDir]);
  await writeFile(join(roleDir, 'docker-compose.yml'), await readFile(join(REPO_ROOT, 'deploy', role, 'docker-compose.yml')));
  await writeFile(join(roleDir, '.env'), env);
  const [bin = 'docker-compose', ...pre] = compose;
  return run(bin, [...pre, 'config', ...args], { cwd: roleDir });
}

describe.each(Object.entries(EXPECTED))('deploy/%s/docker-compose.yml', (role, expected) => {
  it('validates and wires the role', async () => {
    const resolved = await config(role, ENV);
    expect(resolved.stderr).not.toMatch(/error/i);
    expect(resolved.code).toBe(0);
    for (const fragment of expected.contains) expect(resolved.stdout).toMatch(fragment);
    expect(resolved.stdout.match(/restart: unless-stopped/g)).toHaveLength(expected.services.length);
    expect(resolved.stdout).toContain('condition: service_healthy');

    const services = await config(role, ENV, '--services');
    expect(services.stdout.trim().split('\n').sort()).toEqual(expected.services);
    const volumes = await config(role, ENV, '--volumes');
    expect(volumes.stdout.trim().split('\n').sort()).toEqual(expected.volumes);
  });

  it('refuses to start without POSTGRES_PASSWORD in .env', async () => {
    const resolved = await config(role, 'FACILITATOR_SECRET=x\n');
    expect(resolved.code).not.toBe(0);
    expect(resolved.stderr).toContain('set POSTGRES_PASSWORD in .env');
  });
});

describe.each(['miner', 'validator'])('install_%s.sh', (role) => {
  it(`embeds deploy/${role}/docker-compose.yml byte for byte`, async () => {
    const script = await readFile(join(REPO_ROOT, `install_${role}.sh`), 'utf8');
    const embedded = /\n {2}cat <<'COMPOSE'\n([\s\S]*?)\nCOMPOSE\n/.exec(script)?.[1];
    expect(embedded).toBeDefined();
    expect(`${embedded}\n`).toBe(await readFile(join(REPO_ROOT, 'deploy', role, 'docker-compose.yml'), 'utf8'));
  });

  it('is valid bash (bash -n)', async () => {
    const checked = await run('bash', ['-n', join(REPO_ROOT, `install_${role}.sh`)]);
    expect(checked).toMatchObject({ code: 0, stderr: '' });
  });
});
