import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_WALLETS, createTestDatabase } from '@horde/testkit';
import type { TestDatabase } from '@horde/testkit';
import { openValidatorDatabase } from '../db/database';
import type { ValidatorDatabaseHandle } from '../db/database';
import { MinersRepo } from '../db/miners';
import { ReceiptsRepo } from '../db/receipts';
import * as validatorSchema from '../db/schema';
import { ReceiptSigner } from '../miner-client/receipts';
import { OrganicJobRequest } from '../services/organic-job-request';
import { logger, validatorTemplate } from '../test-support/harness';
import { ManifestCache } from './manifests';
import { Router } from './router';

/* Routing on a real database: manifests, busy executors from receipts, blacklist, pinning, poll failures. */
const CLASS = 'always_on.test';
const A = TEST_WALLETS.miner.address;
const B = TEST_WALLETS.miner2.address;

let database: TestDatabase;
let handle: ValidatorDatabaseHandle;
let miners: MinersRepo;
let receipts: ReceiptsRepo;
let router: Router;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'validator_routing', template: await validatorTemplate() });
  handle = await openValidatorDatabase({ url: database.url, logger });
  miners = new MinersRepo(handle.db);
  receipts = new ReceiptsRepo(handle.db);
  const manifests = new ManifestCache({ key: TEST_WALLETS.validator, logger, miners, maxAgeMs: 60_000, pollTimeoutMs: 2_000 });
  router = new Router({ miners, receipts, manifests, reliabilityWindowMs: 24 * 3600 * 1000, random: () => 0 });
});

beforeEach(async () => {
  for (const table of [validatorSchema.miners, validatorSchema.minerManifests, validatorSchema.minerBlacklist, validatorSchema.minerIncidents, validatorSchema.jobStartedReceipts, validatorSchema.jobFinishedReceipts]) {
    await handle.db.delete(table);
  }
  for (const hotkey of [A, B]) {
    await miners.upsert({ hotkey, address: '127.0.0.1', port: 1, source: 'cli' });
    await miners.saveManifest(hotkey, { [CLASS]: 1 }, new Date());
  }
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

const job = (overrides: Partial<OrganicJobRequest> = {}) =>
  OrganicJobRequest.parse({ uuid: randomUUID(), executor_class: CLASS, docker_image: 'busybox', download_time_limit: 1, execution_time_limit: 1, upload_time_limit: 1, source: 'admin', ...overrides });

const hotkeys = async (request = job(), exclude: string[] = []) => (await router.candidates(request, new Set(exclude))).map((m) => m.hotkey);

describe('routing', () => {
  it('offers every free miner of the class, minus those already tried', async () => {
    expect((await hotkeys()).sort()).toEqual([A, B].sort());
    expect(await hotkeys(job(), [A])).toEqual([B]);
    expect(await hotkeys(job({ executor_class: 'always_on.gpu-24gb' }))).toEqual([]);
  });

  it('counts busy executors from our receipts until the finished receipt', async () => {
    const signer = new ReceiptSigner(TEST_WALLETS.validator, receipts);
    const parties = { jobUuid: randomUUID(), minerHotkey: A };
    await signer.started(parties, CLASS, 60);
    expect(await receipts.busyCount(A, CLASS, new Date())).toBe(1);
    expect(await hotkeys()).toEqual([B]);
    await signer.finished(parties, new Date(), '0.000000');
    expect(await receipts.busyCount(A, CLASS, new Date())).toBe(0);
    // An expired started receipt does not hold the executor either.
    await signer.started({ jobUuid: randomUUID(), minerHotkey: A }, CLASS, 60);
    expect(await receipts.busyCount(A, CLASS, new Date(Date.now() + 120_000))).toBe(0);
  });

  it('leaves blacklisted miners out until the entry expires', async () => {
    await miners.blacklist(A, 'JOB_FAILED', 'test', new Date(Date.now() + 60_000));
    expect(await hotkeys()).toEqual([B]);
    await miners.unblacklist(A, new Date());
    expect((await hotkeys()).sort()).toEqual([A, B].sort());
  });

  it('pins a named miner whatever its state, and nothing for an unknown one', async () => {
    await miners.blacklist(A, 'MANUAL', 'test', new Date(Date.now() + 60_000));
    expect(await hotkeys(job({ miner_hotkey: A }))).toEqual([A]);
    expect(await hotkeys(job({ miner_hotkey: TEST_WALLETS.miner3.address }))).toEqual([]);
  });

  it('polls a stale manifest; a failed poll is an incident and leaves the miner out', async () => {
    await miners.saveManifest(A, { [CLASS]: 1 }, new Date(Date.now() - 3_600_000));
    expect(await hotkeys()).toEqual([B]);
    expect((await miners.incidents(new Date(0))).map((i) => [i.type, i.minerHotkey])).toEqual([['MANIFEST_POLL_FAILED', A]]);
    // Not polled again (nor counted again) before the manifest's max age.
    expect(await hotkeys()).toEqual([B]);
    expect(await miners.incidents(new Date(0))).toHaveLength(1);
  });
});
