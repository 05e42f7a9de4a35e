/**
 * A whole horde on this machine, as child processes: facilitator, miner (process executor manager)
 * and validator, plus a devchain, Redis and an S3 server. Used by `pnpm demo`, `pnpm horde up` and
 * `pnpm bench:e2e`. Every started piece registers its stop in `stops` (run them in reverse).
 *
 * Miner and validator find each other through the devchain only: the miner announces its axon
 * (on 127.0.0.2: the chain refuses 127.0.0.1) and the validator syncs its miners table from the
 * metagraph; the miner accepts the validator because the metagraph gives it a permit and stake.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDevchain, devBeacon, devDrandHook } from '@horde/chain';
import type { Devchain } from '@horde/chain';
import { TEST_WALLETS, sign, testColdkey, writeTestWallet } from '@horde/hotkey';
import type { SigningKey } from '@horde/hotkey';
import { ensureBusyboxImage, startS3, waitFor } from '@horde/testkit';
import type { TestS3 } from '@horde/testkit';
import { appDatabaseUrl, freePort, provideRedis, requireDockerEngine } from './infra';
import { startService, waitHealthy } from './services';
import type { Service } from './services';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LocalHordeOptions {
  /** State and logs; wiped first when `fresh`. */
  home: string;
  fresh: boolean;
  say: (line: string) => void;
  /** Executors the miner offers (class → count). */
  manifest?: Record<string, number>;
  logLevel?: string;
}

/** The subnet of the local horde: netuid 12 as on finney, short epochs, fast blocks. */
export const LOCAL_NETUID = 12;
const LOCAL_TEMPO = 30;
const LOCAL_BLOCK_MS = 1_000;
/** Where the miner listens and what it announces: loopback, but not the address the chain refuses. */
const MINER_HOST = '127.0.0.2';

export interface LocalHorde {
  readonly facilitatorUrl: string;
  readonly devchain: Devchain;
  readonly adminUrl: string;
  readonly adminToken: string;
  readonly minerUrl: string;
  readonly validatorHotkey: string;
  readonly user: SigningKey;
  readonly image: string;
  readonly s3: TestS3;
  readonly wallets: string;
  readonly logDir: string;
  /** Per-app database URLs when DATABASE_URL was set (PGlite otherwise). */
  readonly databases: Record<string, string | undefined>;
  readonly services: readonly Service[];
  service(name: 'facilitator' | 'miner' | 'validator'): Service;
  /** Stops the service (SIGTERM, or SIGKILL as a crash) and starts it again with the same settings. */
  restart(name: 'facilitator' | 'miner' | 'validator', how?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export async function startLocalHorde(options: LocalHordeOptions, stops: Array<() => Promise<void>>): Promise<LocalHorde> {
  const { home, say } = options;
  const docker = await requireDockerEngine();
  if (options.fresh) rmSync(home, { recursive: true, force: true });
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

  // The devchain's own drand beacon (a round a second) opens the validator's timelocked weights.
  const beacon = devBeacon(`local horde ${home}`, { genesis: Math.floor(Date.now() / 1000) - 60, period: 1 });
  const devchain = await createDevchain({
    blockTimeMs: LOCAL_BLOCK_MS,
    drand: devDrandHook(beacon),
    subnet: {
      netuid: LOCAL_NETUID,
      tempo: LOCAL_TEMPO,
      neurons: [
        { hotkey: validator.address, coldkey: testColdkey('validator').address, stake: 10_000, validator_permit: true },
        { hotkey: miner.address, coldkey: testColdkey('miner').address },
      ],
      hyperparameters: { serving_rate_limit: 5 },
    },
  });
  stops.push(() => devchain.close());
  say(`devchain: ${devchain.url} (netuid ${LOCAL_NETUID}, a block every ${LOCAL_BLOCK_MS} ms)`);

  const databases: Record<string, string | undefined> = {};
  const db = async (app: string, pgliteVar: string): Promise<Record<string, string>> => {
    if (!process.env.DATABASE_URL) return { [pgliteVar]: join(home, app, 'pglite') };
    const url = await appDatabaseUrl(process.env.DATABASE_URL, app, options.fresh);
    databases[app] = url;
    return { DATABASE_URL: url };
  };
  const [facilitatorPort, validatorPort, minerPort] = [await freePort(), await freePort(), await freePort()];
  const adminToken = `local-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? home, LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'info' };
  const tsx = [process.execPath, '--import', 'tsx'];
  const services: Service[] = [];
  const recipes = new Map<string, () => Promise<void>>();
  const start = async (name: string, entry: string, env: Record<string, string>, healthUrl: string) => {
    const launch = async () => {
      const service = startService({ name, command: [...tsx, entry], env: { ...base, ...env }, cwd: ROOT, logDir });
      const previous = services.findIndex((s) => s.name === name);
      if (previous >= 0) services.splice(previous, 1, service);
      else services.push(service);
      stops.push(() => service.stop());
      await waitHealthy(service, healthUrl);
      say(`${name} up (${healthUrl.replace('/health', '')})`);
    };
    recipes.set(name, launch);
    await launch();
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
      MINER_HOST,
      MINER_PORT: String(minerPort),
      MINER_EXECUTOR_ADDRESS: `ws://${MINER_HOST}:${minerPort}`,
      MINER_CHAIN: devchain.url,
      MINER_NETUID: String(LOCAL_NETUID),
      MINER_ANNOUNCE_IP: MINER_HOST,
      MINER_VALIDATORS_REFRESH_S: '5',
      MINER_EXECUTOR_MANAGER: 'process',
      MINER_EXECUTOR_MANAGER_OPTIONS: JSON.stringify({ manifest: options.manifest ?? { 'always_on.test': 2 }, env: { EXECUTOR_NO_GPU: 'true' } }),
    },
    `http://${MINER_HOST}:${minerPort}/health`,
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
      VALIDATOR_CHAIN: devchain.url,
      VALIDATOR_NETUID: String(LOCAL_NETUID),
      VALIDATOR_MINER_SYNC_S: '1',
      VALIDATOR_CHAIN_BLOCK_TIME_S: String(LOCAL_BLOCK_MS / 1000),
      // One miner only: the production 4 h blacklist after a failure would leave the horde without
      // miners after a single broken job, so a local horde forgives after 10 s.
      VALIDATOR_BLACKLIST_S: '10',
      // A crashed validator's in-flight jobs are failed once their queue lock lapses: quicker here.
      VALIDATOR_QUEUE_LOCK_MS: '10000',
      VALIDATOR_QUEUE_STALLED_MS: '5000',
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
  const adminUrl = `http://127.0.0.1:${validatorPort}`;
  await waitForMiner(adminUrl, adminToken, miner.address);
  say(`the validator found the miner in the metagraph (axon ${MINER_HOST}:${minerPort})`);
  await waitForValidator(facilitatorUrl, validator.address, user);
  say('validator connected to the facilitator');
  return {
    facilitatorUrl,
    devchain,
    adminUrl,
    adminToken,
    minerUrl: `ws://${MINER_HOST}:${minerPort}`,
    validatorHotkey: validator.address,
    user,
    image,
    s3,
    wallets,
    logDir,
    databases,
    services,
    service: (name) => {
      const found = services.find((s) => s.name === name);
      if (!found) throw new Error(`no service ${name}`);
      return found;
    },
    restart: async (name, how = 'SIGTERM') => {
      const recipe = recipes.get(name);
      if (!recipe) throw new Error(`no service ${name}`);
      const current = services.find((s) => s.name === name);
      if (current && how === 'SIGKILL') {
        current.child.kill('SIGKILL');
        await current.exited;
      } else await current?.stop();
      await recipe();
    },
  };
}

/**
 * Waits until the validator's miners table has the miner, active, as synced from the metagraph
 * (the miner announced its axon on the devchain; nothing told the validator where it listens).
 */
async function waitForMiner(adminUrl: string, token: string, hotkey: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      const response = await fetch(`${adminUrl}/admin/v1/miners`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
      if (!response?.ok) return false;
      const { miners } = (await response.json()) as { miners: { hotkey: string; source: string; active: boolean }[] };
      return miners.some((m) => m.hotkey === hotkey && m.source === 'chain' && m.active);
    },
    { what: 'the validator to find the miner on the devchain (see .horde/*/logs/miner.log and validator.log)', timeoutMs, intervalMs: 250 },
  );
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
  await waitFor(
    async () => {
      const response = await fetch(`${facilitatorUrl}/api/v1/validators`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
      return response?.ok === true && (await response.text()).includes(hotkey);
    },
    { what: 'the validator to connect to the facilitator (see .horde/*/logs/validator.log)', timeoutMs, intervalMs: 200 },
  );
}

