/**
 * The whole local horde in containers, as an operator starts it: deploy/local/up.sh builds the
 * images (from the local node image: no registry), writes the test wallets and .env, and runs
 * docker-compose up; the validator must find the miner on the devchain alone (the miner announced
 * its axon at its compose address) and a hello-world job submitted through the validator's admin API
 * must complete with the expected stdout, run by an executor container of the miner's docker
 * executor manager. PostgreSQL and Redis are the local stand-ins of local-service-images.sh.
 * `docker-compose down -v` runs whatever happened. Traffic: loopback and the compose network.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HordeClient } from '@horde/sdk';
import { ensureBusyboxImage, ensureNodeImage, ready, requireDocker, TEST_WALLETS, testColdkey, waitFor } from '@horde/testkit';
import { REPO_ROOT } from './bundle';
import { freePort, run } from './test-support';

const PREFIX = 'horde-local-e2e';
const ROLES = ['miner', 'validator', 'facilitator', 'devchain', 'executor'];
const SERVICE_IMAGES = { HORDE_POSTGRES_IMAGE: 'horde-test/postgres:latest', HORDE_REDIS_IMAGE: 'horde-test/redis:latest' };
const COMPOSE_FILE = join(REPO_ROOT, 'deploy/local/docker-compose.yml');
const EXECUTOR_BUNDLE = join(REPO_ROOT, 'apps/executor/dist/executor.mjs');
const TERMINAL = new Set(['completed', 'failed', 'horde_failed', 'rejected', 'cancelled']);

const project = `hordelocal${randomBytes(3).toString('hex')}`;
let state: string | undefined;
let jobImage: string;
let adminUrl: string;
let adminToken: string;
let facilitatorUrl: string;

function compose(args: string[]) {
  return run('docker-compose', ['--project-name', project, '--file', COMPOSE_FILE, '--env-file', join(state ?? '', '.env'), ...args]);
}

/** A /24 for the compose network that no Docker network of this host uses. */
async function freeSubnet(): Promise<string> {
  const ids = (await run('docker', ['network', 'ls', '-q'])).stdout.split('\n').filter(Boolean);
  const used = (await run('docker', ['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}} {{end}}', ...ids])).stdout;
  for (;;) {
    const subnet = `172.31.${100 + Math.floor(Math.random() * 150)}.0/24`;
    if (!used.includes(subnet.replace('0/24', ''))) return subnet;
  }
}

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${adminUrl}${path}`, { ...init, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', ...init.headers } });
}

/** Runs `body`; on failure, prints the end of the apps' logs before rethrowing. */
async function withLogs<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    console.error((await compose(['logs', '--no-color', '--tail', '30', 'devchain', 'miner', 'validator'])).stdout);
    throw err;
  }
}

beforeAll(async () => {
  const docker = await requireDocker();
  await ready();
  jobImage = (await ensureBusyboxImage(docker)).tag;
  const base = (await ensureNodeImage(docker)).tag;
  if ((await run('docker', ['image', 'inspect', ...Object.values(SERVICE_IMAGES)])).code !== 0) {
    expect(await run('bash', [join(REPO_ROOT, 'scripts/deploy/local-service-images.sh')])).toMatchObject({ code: 0 });
  }
  state = await mkdtemp(join(tmpdir(), 'horde-local-'));
  const adminPort = await freePort();
  const facilitatorPort = await freePort();
  const env = {
    ...process.env,
    ...SERVICE_IMAGES,
    BASE_IMAGE: base,
    HORDE_IMAGE_PREFIX: PREFIX,
    HORDE_LOCAL_DIR: state,
    COMPOSE_PROJECT_NAME: project,
    HORDE_SUBNET: await freeSubnet(),
    HORDE_ADMIN_PORT: String(adminPort),
    HORDE_FACILITATOR_PORT: String(facilitatorPort),
    HORDE_MINER_PORT: String(await freePort()),
    HORDE_DEVCHAIN_PORT: String(await freePort()),
    // The executor bundle `pnpm test` built: rebuilding it in place could race other tests running it.
    ...(existsSync(EXECUTOR_BUNDLE) ? { HORDE_EXECUTOR_BUNDLE: EXECUTOR_BUNDLE } : {}),
  };
  const started = Date.now();
  const up = await run('bash', [join(REPO_ROOT, 'deploy/local/up.sh')], { env });
  if (up.code !== 0) throw new Error(`up.sh exited ${up.code}:\n${up.stdout}\n${up.stderr}`);
  console.log(`local horde: up.sh (images built, compose up, validator answering) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  adminUrl = `http://127.0.0.1:${adminPort}`;
  facilitatorUrl = `http://127.0.0.1:${facilitatorPort}`;
  adminToken = (await readFile(join(state, '.env'), 'utf8')).match(/^VALIDATOR_ADMIN_TOKEN=(.+)$/m)?.[1] ?? '';
  expect(adminToken).not.toBe('');
}, 240_000);

afterAll(async () => {
  if (state) {
    const down = await compose(['down', '--volumes', '--timeout', '10']);
    if (down.code !== 0) console.error(`docker-compose down failed: ${down.stderr}`);
    await rm(state, { recursive: true, force: true });
  }
  await run('docker', ['rmi', ...ROLES.map((role) => `${PREFIX}/${role}:latest`)]);
}, 120_000);

describe('a whole local horde in containers (deploy/local)', () => {
  it("the devchain's subnet registers the test wallets: the validator with a permit and stake, the miner", async () => {
    const subnet = JSON.parse(await readFile(join(REPO_ROOT, 'deploy/devchain/local-horde-subnet.json'), 'utf8')) as { neurons: { hotkey: string; coldkey: string; stake?: number; validator_permit?: boolean }[] };
    expect(subnet.neurons).toEqual([
      { hotkey: TEST_WALLETS.validator.address, coldkey: testColdkey('validator').address, stake: 10_000, validator_permit: true },
      { hotkey: TEST_WALLETS.miner.address, coldkey: testColdkey('miner').address },
    ]);
  });

  it('the validator finds the miner on the devchain, and a hello-world job through the admin API completes with its stdout', { timeout: 150_000 }, async () => {
    await withLogs(async () => {
      const found = Date.now();
      const miner = await waitFor(
        async () => {
          const response = await admin('/admin/v1/miners');
          if (!response.ok) return undefined;
          const { miners } = (await response.json()) as { miners: { hotkey: string; address: string; source: string; active: boolean }[] };
          return miners.find((m) => m.hotkey === TEST_WALLETS.miner.address && m.source === 'chain' && m.active);
        },
        { timeoutMs: 90_000, intervalMs: 250, what: 'the validator lists the miner as an active chain miner' },
      );
      console.log(`local horde: the validator found the miner at ${miner.address} ${((Date.now() - found) / 1000).toFixed(1)} s after up.sh returned`);
      expect(miner.address).toMatch(/^172\.31\.\d+\.10$/);

      const uuid = randomUUID();
      const submitted = Date.now();
      const created = await admin('/admin/v1/jobs', {
        method: 'POST',
        body: JSON.stringify({
          uuid,
          image: jobImage,
          args: ['sh', '-c', 'echo "Hello, $NAME!"'],
          env: { NAME: 'Chester Tester' },
          executor_class: 'always_on.test',
          download_time_limit: 30,
          execution_time_limit: 60,
          upload_time_limit: 30,
        }),
      });
      expect(created.status).toBe(201);
      const job = await waitFor(
        async () => {
          const view = (await (await admin(`/admin/v1/jobs/${uuid}`)).json()) as { last_status: string; stdout: string | null; error_type: string | null; miner: { hotkey: string } | null };
          return TERMINAL.has(view.last_status) ? view : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 100, what: `job ${uuid} reaches a terminal status` },
      );
      console.log(`local horde: hello-world job ${job.last_status} ${((Date.now() - submitted) / 1000).toFixed(2)} s after submission`);
      expect(job).toMatchObject({ last_status: 'completed', stdout: 'Hello, Chester Tester!\n', error_type: null, miner: { hotkey: TEST_WALLETS.miner.address } });
    });
  });

  it('up.sh whitelisted the user on the validator: a job submitted with the SDK through the facilitator completes', { timeout: 90_000 }, async () => {
    await withLogs(async () => {
      const { hotkeys } = (await (await admin('/admin/v1/whitelist')).json()) as { hotkeys: { hotkey: string }[] };
      expect(hotkeys.map((h) => h.hotkey)).toContain(TEST_WALLETS.user.address);
      const client = new HordeClient({ facilitatorUrl, hotkey: TEST_WALLETS.user, validatorHotkey: TEST_WALLETS.validator.address });
      const submitted = Date.now();
      const job = await client.createJob({
        docker_image: jobImage,
        executor_class: 'always_on.test',
        args: ['sh', '-c', 'echo "Hello, $NAME!"'],
        env: { NAME: 'SDK user' },
        download_time_limit_sec: 30,
        execution_time_limit_sec: 60,
        upload_time_limit_sec: 30,
      });
      const result = await client.waitForJob(job.uuid, { timeoutMs: 60_000 });
      console.log(`local horde: SDK job ${result.status} ${((Date.now() - submitted) / 1000).toFixed(2)} s after submission`);
      expect(result).toMatchObject({ status: 'completed', stdout: 'Hello, SDK user!\n' });
    });
  });
});
