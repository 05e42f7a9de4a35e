/**
 * The local horde: `pnpm horde up` starts a facilitator, a validator, a miner (process executor
 * manager) and an S3 server and keeps them running; `pnpm demo` does the same, runs a hello-world
 * job through facilitator → validator → miner → executor → container with the SDK, prints the
 * result and its artifact, and stops everything (exit 0 only when the job completed as expected).
 * Ctrl-C stops everything cleanly.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { TEST_WALLETS, sign, writeTestWallet } from '@horde/hotkey';
import type { SigningKey } from '@horde/hotkey';
import { ensureBusyboxImage, startS3 } from '@horde/testkit';
import { appDatabaseUrl, freePort, provideRedis, requireDockerEngine } from './infra';
import { startService, waitHealthy } from './services';
import type { Service } from './services';
import { runDemoJob } from './demo-job';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const mode = process.argv[2] === 'up' ? 'up' : process.argv[2] === 'demo' ? 'demo' : undefined;
const say = (line: string) => console.log(`horde ▸ ${line}`);

async function main(): Promise<number> {
  // The AWS SDK (s3rver's client) warns about Node 20 on every start; the local horde supports it.
  process.removeAllListeners('warning');
  if (!mode) {
    console.error('usage: pnpm horde up | pnpm demo');
    return 2;
  }
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  try {
    return await run(stops);
  } finally {
    await stopAll();
  }
}

async function run(stops: Array<() => Promise<void>>): Promise<number> {
  const docker = await requireDockerEngine();
  const home = join(ROOT, '.horde', mode === 'demo' ? 'demo' : 'up');
  if (mode === 'demo') rmSync(home, { recursive: true, force: true }); // a demo starts from nothing
  const logDir = join(home, 'logs');
  mkdirSync(logDir, { recursive: true });
  say(`state and logs in ${home}`);

  say('building the executor bundle and the job image (locally, no registry)');
  execFileSync('pnpm', ['--silent', '--filter', '@horde/executor', 'bundle'], { cwd: ROOT, stdio: 'ignore' });
  const image = (await ensureBusyboxImage(docker, 'horde-local/busybox:latest')).tag;

  const wallets = join(home, 'wallets');
  for (const name of ['validator', 'miner', 'user'] as const) await writeTestWallet(wallets, name, 'default', name);
  const { validator, miner, user } = TEST_WALLETS;

  const redis = await provideRedis(process.env, docker);
  stops.push(redis.stop);
  say(`redis: ${redis.how}`);
  const s3 = await startS3({ buckets: ['horde-demo'] });
  stops.push(() => s3.close());

  const db = async (app: string, pgliteVar: string): Promise<Record<string, string>> =>
    process.env.DATABASE_URL ? { DATABASE_URL: await appDatabaseUrl(process.env.DATABASE_URL, app) } : { [pgliteVar]: join(home, app, 'pglite') };
  const [facilitatorPort, validatorPort, minerPort] = [await freePort(), await freePort(), await freePort()];
  const adminToken = `local-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? home, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
  const tsx = [process.execPath, '--import', 'tsx'];
  const services: Service[] = [];
  const start = async (name: string, entry: string, env: Record<string, string>, healthUrl: string) => {
    const service = startService({ name, command: [...tsx, entry], env: { ...base, ...env }, cwd: ROOT, logDir });
    services.push(service);
    stops.push(() => service.stop());
    await waitHealthy(service, healthUrl);
    say(`${name} up (${healthUrl.replace('/health', '')})`);
  };

  await start(
    'facilitator',
    'apps/facilitator/src/main.ts',
    {
      ...(await db('facilitator', 'FACILITATOR_PGLITE_DIR')),
      REDIS_URL: redis.url,
      FACILITATOR_HOST: '127.0.0.1',
      FACILITATOR_PORT: String(facilitatorPort),
      FACILITATOR_SECRET: `local-horde-secret-${adminToken}`,
      FACILITATOR_VALIDATORS: validator.address,
      FACILITATOR_WHITELIST: user.address,
    },
    `http://127.0.0.1:${facilitatorPort}/health`,
  );
  await start(
    'miner',
    'apps/miner/src/main.ts',
    {
      ...(await db('miner', 'MINER_PGLITE_DIR')),
      MINER_HOTKEY: 'miner/default',
      MINER_WALLETS_DIR: wallets,
      MINER_HOST: '127.0.0.1',
      MINER_PORT: String(minerPort),
      MINER_VALIDATORS: validator.address,
      MINER_EXECUTOR_MANAGER: 'process',
      MINER_EXECUTOR_MANAGER_OPTIONS: JSON.stringify({ manifest: { 'always_on.test': 2 }, env: { EXECUTOR_NO_GPU: 'true' } }),
    },
    `http://127.0.0.1:${minerPort}/health`,
  );
  await start(
    'validator',
    'apps/validator/src/main.ts',
    {
      ...(await db('validator', 'VALIDATOR_PGLITE_DIR')),
      REDIS_URL: redis.url,
      VALIDATOR_HOTKEY: 'validator/default',
      VALIDATOR_WALLETS_DIR: wallets,
      VALIDATOR_ADMIN_PORT: String(validatorPort),
      VALIDATOR_ADMIN_TOKEN: adminToken,
      VALIDATOR_MINERS: `${miner.address}@127.0.0.1:${minerPort}`,
      VALIDATOR_FACILITATOR_URL: `ws://127.0.0.1:${facilitatorPort}/ws/v0/`,
    },
    `http://127.0.0.1:${validatorPort}/health`,
  );
  // The demo user submits through the facilitator: the validator must accept its signature.
  const whitelisted = await fetch(`http://127.0.0.1:${validatorPort}/admin/v1/whitelist`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hotkey: user.address, note: 'local horde user' }),
  });
  if (!whitelisted.ok) throw new Error(`cannot whitelist the demo user on the validator: HTTP ${whitelisted.status} ${await whitelisted.text()}`);
  const facilitatorUrl = `http://127.0.0.1:${facilitatorPort}`;
  await waitForValidator(facilitatorUrl, validator.address, user);
  say('validator connected to the facilitator');

  if (mode === 'demo') {
    const ok = await runDemoJob({ facilitatorUrl, user, validatorHotkey: validator.address, image, s3, say });
    return ok ? 0 : 1;
  }
  say('the horde is running. Submit jobs with the SDK or the CLI, e.g.:');
  console.log(
    `  HORDE_FACILITATOR_URL=${facilitatorUrl} HORDE_WALLET=${join(wallets, 'user', 'hotkeys', 'default')} HORDE_VALIDATOR=${validator.address} \\\n` +
      `    pnpm --filter @horde/sdk exec horde job run --image ${image} -- echo hello`,
  );
  console.log(`  validator admin API: http://127.0.0.1:${validatorPort}/admin/v1/ (Authorization: Bearer ${adminToken})`);
  say('Ctrl-C stops everything');
  const first = await Promise.race(services.map((s) => s.exited.then((code) => ({ name: s.name, code }))));
  console.error(`horde ▸ ${first.name} exited with code ${first.code}; stopping (its log: ${join(logDir, `${first.name}.log`)})`);
  return 1;
}

/** Waits until the facilitator lists the validator as connected (asked as the user, who must log in). */
async function waitForValidator(facilitatorUrl: string, hotkey: string, user: SigningKey, timeoutMs = 30_000): Promise<void> {
  const { nonce } = (await (await fetch(`${facilitatorUrl}/auth/nonce`)).json()) as { nonce: string };
  const login = await fetch(`${facilitatorUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hotkey: user.address, signature: sign(user, nonce).slice(2), nonce }),
  });
  if (!login.ok) throw new Error(`cannot log in to the facilitator as the demo user: HTTP ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${facilitatorUrl}/api/v1/validators`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    if (response?.ok && (await response.text()).includes(hotkey)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the validator did not connect to the facilitator within ${timeoutMs} ms (see .horde/*/logs/validator.log)`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`horde ▸ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
