import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { receiptSigningBlob, verify } from '@horde/hotkey';
import { TEST_WALLETS } from '@horde/testkit';
import type { FakeValidator } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { acceptedJobs, jobStartedReceipts } from '../db/schema';
import { minerTemplate, startTestMiner } from '../test-support/harness';
import type { TestMiner } from '../test-support/harness';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_intake' });
const { validator, validator2, miner: minerKey } = TEST_WALLETS;
const SCARCE = 'always_on.cpu.8c.16gb';

let miner: TestMiner;
const peers: FakeValidator[] = [];

beforeAll(async () => {
  miner = await startTestMiner({ databaseUrl: db.url, manifest: { 'always_on.test': 50, [SCARCE]: 1 } });
  await miner.validators.add(validator2.address, 'cli');
});
afterEach(async () => {
  miner.manager.failStart = false;
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});
afterAll(async () => {
  await miner.close();
});

async function authenticated(options: Parameters<TestMiner['connectValidator']>[0] = {}): Promise<FakeValidator> {
  const peer = await miner.connectValidator(options);
  peers.push(peer);
  await peer.authenticate();
  return peer;
}

async function jobRow(jobUuid: string) {
  const [row] = await miner.database.db.select().from(acceptedJobs).where(eq(acceptedJobs.jobUuid, jobUuid));
  return row;
}

async function startedReceipt(jobUuid: string) {
  const [row] = await miner.database.db.select().from(jobStartedReceipts).where(eq(jobStartedReceipts.jobUuid, jobUuid));
  return row;
}

describe('V0InitialJobRequest', () => {
  it('accepts: stores the job waiting for its executor and the countersigned started receipt, then starts an executor', async () => {
    const peer = await authenticated();
    const initial = peer.sendInitialJob();
    const accept = await peer.next('V0AcceptJobRequest');
    expect(accept.job_uuid).toBe(initial.job_uuid);

    const job = await jobRow(initial.job_uuid);
    expect(job).toMatchObject({ status: 'WAITING_FOR_EXECUTOR', validatorHotkey: validator.address, executorClass: 'always_on.test' });
    expect(job?.executorToken.startsWith(`${initial.job_uuid}-`)).toBe(true);
    expect(job?.initialJobDetails).toMatchObject({ job_uuid: initial.job_uuid, job_started_receipt_signature: initial.job_started_receipt_signature });

    const receipt = await startedReceipt(initial.job_uuid);
    expect(receipt).toMatchObject({ validatorSignature: initial.job_started_receipt_signature, minerHotkey: minerKey.address, executorClass: 'always_on.test', isOrganic: true, ttl: 60 });
    const blob = receiptSigningBlob(initial.job_started_receipt_payload, 'JobStartedReceipt');
    expect(verify(blob, receipt!.minerSignature, minerKey.address)).toBe(true);
    expect(verify(blob, receipt!.validatorSignature, validator.address)).toBe(true);

    const token = await miner.tokenOf(initial.job_uuid);
    expect(token).toBe(job?.executorToken);
    expect(miner.manager.started.find((spec) => spec.token === token)).toMatchObject({ executorClass: 'always_on.test', minerAddress: miner.app.executorAddress(), startupTimeLimitS: 5 });
  });

  it('declines a full class as busy, with the valid started receipts of that class as excuses', async () => {
    const first = await authenticated();
    const holding = first.sendInitialJob({ executorClass: SCARCE });
    await first.next('V0AcceptJobRequest');

    const second = await authenticated({ validator: validator2 });
    const declined = second.sendInitialJob({ executorClass: SCARCE });
    const decline = await second.next('V0DeclineJobRequest');
    expect(decline).toMatchObject({ job_uuid: declined.job_uuid, reason: 'busy' });
    expect(decline.receipts).toHaveLength(1);
    const [excuse] = decline.receipts;
    expect(excuse?.payload).toMatchObject({ job_uuid: holding.job_uuid, receipt_type: 'JobStartedReceipt', executor_class: SCARCE });
    const blob = receiptSigningBlob(excuse!.payload);
    expect(verify(blob, excuse!.validator_signature, validator.address)).toBe(true);
    expect(verify(blob, excuse!.miner_signature, minerKey.address)).toBe(true);
    expect((await jobRow(declined.job_uuid))?.status).toBe('REJECTED');
  });

  it('declines a blacklisted validator without storing anything', async () => {
    await miner.validators.blacklist(validator2.address, 'test');
    try {
      const peer = await authenticated({ validator: validator2 });
      const initial = peer.sendInitialJob();
      const decline = await peer.next('V0DeclineJobRequest');
      expect(decline).toMatchObject({ job_uuid: initial.job_uuid, reason: 'validator_blacklisted', receipts: [] });
      expect(await jobRow(initial.job_uuid)).toBeUndefined();
      expect(await startedReceipt(initial.job_uuid)).toBeUndefined();
    } finally {
      await miner.validators.unblacklist(validator2.address);
    }
  });

  it('declines a started receipt that does not carry the validator signature', async () => {
    const peer = await authenticated();
    const initial = peer.sendInitialJob({ signer: validator2 });
    const decline = await peer.next('V0DeclineJobRequest');
    expect(decline).toMatchObject({ job_uuid: initial.job_uuid, reason: 'invalid_signature' });
    expect(decline.message).toMatch(/signature does not verify/);
    expect(await jobRow(initial.job_uuid)).toBeUndefined();
  });

  it('declines a started receipt made out to another miner', async () => {
    const peer = await authenticated();
    const initial = peer.sendInitialJob({ payloadOverrides: { miner_hotkey: TEST_WALLETS.miner2.address } });
    const decline = await peer.next('V0DeclineJobRequest');
    expect(decline).toMatchObject({ job_uuid: initial.job_uuid, reason: 'invalid_signature' });
    expect(decline.message).toMatch(/names another miner/);
  });

  it('reports an executor that fails to start as a horde failure', async () => {
    miner.manager.failStart = true;
    const peer = await authenticated();
    const initial = peer.sendInitialJob();
    await peer.next('V0AcceptJobRequest');
    const failure = await peer.next('V0HordeFailedRequest');
    expect(failure).toMatchObject({ job_uuid: initial.job_uuid, reason: 'executor_spinup_failed', reported_by: 'miner' });
    expect(await jobRow(initial.job_uuid)).toMatchObject({ status: 'FAILED', errorType: 'executor_spinup_failed' });
  });

  it('refuses a job uuid it already has with a typed GenericError', async () => {
    const peer = await authenticated();
    const jobUuid = randomUUID();
    peer.sendInitialJob({ jobUuid });
    await peer.next('V0AcceptJobRequest');
    peer.sendInitialJob({ jobUuid });
    const error = await peer.next('GenericError');
    expect(error.details).toMatch(/^JOB_DUPLICATE: /);
    expect(peer.isOpen).toBe(true);
  });
});
