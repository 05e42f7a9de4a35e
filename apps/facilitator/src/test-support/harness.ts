import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobDockerSignedPayload, signRequest, signatureToHeaders, sign, TEST_WALLETS } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';
import { createLogger } from '@horde/service';
import { isolatedRedis } from '@horde/testkit';
import { buildFacilitatorApp } from '../app';
import type { FacilitatorApp, FacilitatorAppOptions } from '../app';
import { MIGRATIONS_FOLDER, openFacilitatorDatabase } from '../db/database';
import type { FacilitatorDatabaseHandle } from '../db/database';
import { ValidatorsRepo } from '../db/validators';
import { WhitelistRepo } from '../db/whitelist';
import { connectValidatorClient } from './validator-client';
import type { ValidatorClient, ValidatorClientOptions } from './validator-client';

export const logger = createLogger({ name: 'facilitator-test', level: process.env.FACILITATOR_TEST_LOG === 'debug' ? 'debug' : 'silent' });

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** Template for `useTestDatabase`: one migrated template per version of the migrations. */
export const facilitatorTemplate = {
  name: `horde_facilitator_${createHash('sha256').update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'))).digest('hex').slice(0, 12)}`,
  migrate: async (url: string) => {
    const handle = await openFacilitatorDatabase({ url, logger });
    await handle.close();
  },
};

export interface TestFacilitator {
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly app: FacilitatorApp;
  readonly database: FacilitatorDatabaseHandle;
  /** A validator client (TEST_WALLETS.validator unless told otherwise), connected and authenticated. */
  connectValidator(options?: Partial<ValidatorClientOptions>): Promise<ValidatorClient>;
  close(): Promise<void>;
}

export interface StartOptions extends Partial<Omit<FacilitatorAppOptions, 'db' | 'logger'>> {
  readonly databaseUrl: string;
  /** Shared by replicas of one facilitator. */
  readonly redisPrefix: string;
}

/** A real facilitator on 127.0.0.1:0 with TEST_WALLETS.validator active and `user` whitelisted. */
export async function startFacilitator(options: StartOptions): Promise<TestFacilitator> {
  const database = await openFacilitatorDatabase({ url: options.databaseUrl, logger });
  await new ValidatorsRepo(database.db).add(TEST_WALLETS.validator.address);
  await new ValidatorsRepo(database.db).add(TEST_WALLETS.validator2.address);
  await new WhitelistRepo(database.db).add(TEST_WALLETS.user.address);
  const app = buildFacilitatorApp({ secret: TEST_SECRET, redisUrl: 'redis://127.0.0.1:6379', ...options, db: database.db, logger });
  const port = await app.listen('127.0.0.1', 0);
  const baseUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/ws/v0/`;
  return {
    baseUrl,
    wsUrl,
    app,
    database,
    async connectValidator(overrides = {}) {
      const client = await connectValidatorClient({ url: wsUrl, key: TEST_WALLETS.validator, ...overrides });
      await client.authenticate();
      return client;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A Redis prefix of its own for a test file; `cleanup` deletes its keys. */
export function testRedis() {
  const redis = isolatedRedis();
  return { prefix: redis.prefix, cleanup: () => redis.cleanup() };
}

/** Logs `key` in through nonce + signed login; resolves with the token. */
export async function login(baseUrl: string, key: Hotkey = TEST_WALLETS.user): Promise<string> {
  const { nonce } = (await (await fetch(`${baseUrl}/auth/nonce`)).json()) as { nonce: string };
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hotkey: key.address, nonce, signature: sign(key, nonce).slice(2) }),
  });
  const body = (await response.json()) as { token?: string };
  if (body.token === undefined) throw new Error(`login failed: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** A job-docker body for `validator`, plus overrides. */
export function jobBody(validator: string = TEST_WALLETS.validator.address, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    target_validator_hotkey: validator,
    executor_class: 'always_on.llm.a6000',
    docker_image: 'busybox:latest',
    job_namespace: 'SN123.0',
    args: ['sh', '-c', 'echo hi'],
    env: { SECRET_TOKEN: 'do-not-store-me' },
    use_gpu: false,
    artifacts_dir: '/artifacts',
    on_trusted_miner: false,
    download_time_limit: 30,
    execution_time_limit: 60,
    upload_time_limit: 30,
    streaming_start_time_limit: 0,
    volumes: [{ volume_type: 'single_file', url: 'http://example.invalid/in.txt', relative_path: 'in.txt' }],
    uploads: [],
    tag: 'test',
    ...overrides,
  };
}

/** POSTs a job signed by `key` (its own body signature unless `headers` replaces them). */
export async function submitJob(baseUrl: string, token: string, body: Record<string, unknown>, options: { key?: Hotkey; headers?: Record<string, string> } = {}) {
  const signature = signRequest(options.key ?? TEST_WALLETS.user, jobDockerSignedPayload(body));
  const response = await fetch(`${baseUrl}/api/v1/job-docker/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...signatureToHeaders(signature), ...options.headers },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json()) as Record<string, unknown>, signature };
}
