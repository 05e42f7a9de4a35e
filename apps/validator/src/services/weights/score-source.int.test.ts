import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobFinishedReceiptPayload } from '@horde/protocol';
import { TEST_WALLETS } from '@horde/testkit';
import { openValidatorDatabase } from '../../db/database';
import { ReceiptsRepo } from '../../db/receipts';
import { logger, startTestValidator } from '../../test-support/harness';
import type { TestValidator } from '../../test-support/harness';
import { WEIGHT_SETTING_LOCK_CLASS, withAdvisoryLock } from './advisory-lock';
import { ReceiptScoreSource } from './score-source';

/*
 * The provisional score source on real finished receipts (PostgreSQL), and the advisory lock that
 * keeps two validator processes from setting weights at once.
 */
let validator: TestValidator;
let receipts: ReceiptsRepo;

beforeAll(async () => {
  validator = await startTestValidator({ worker: false });
  receipts = new ReceiptsRepo(validator.handle.db);
});

afterAll(() => validator?.close());

async function finished(miner: string, at: Date, score: string): Promise<void> {
  const payload = JobFinishedReceiptPayload.parse({
    job_uuid: randomUUID(),
    miner_hotkey: miner,
    validator_hotkey: TEST_WALLETS.validator.address,
    timestamp: at.toISOString(),
    time_started: at.toISOString(),
    time_took_us: 1_000_000,
    score_str: score,
  });
  await receipts.saveFinished(payload, '0x00');
}

describe('ReceiptScoreSource (provisional)', () => {
  it("sums each miner's executor-seconds of successful jobs finished in the previous interval", async () => {
    const { miner, miner2, miner3 } = TEST_WALLETS;
    // Now is block 1000 of the interval [990, 1012); 12 s per block: the previous interval [968, 990) is 384..120 s ago.
    const at = new Date('2026-11-25T12:00:00Z');
    const ago = (seconds: number): Date => new Date(at.getTime() - seconds * 1000);
    await finished(miner.address, ago(200), '50.000000');
    await finished(miner.address, ago(121), '10.500000');
    await finished(miner.address, ago(119), '1000.000000'); // current interval
    await finished(miner2.address, ago(384), '7.000000');
    await finished(miner2.address, ago(385), '1000.000000'); // before the previous interval
    await finished(miner3.address, ago(200), '0.000000'); // failed job
    const scores = await new ReceiptScoreSource(receipts).scores({ start: 990, end: 1012, block: 1000, at });
    expect(scores).toEqual(
      new Map([
        [miner.address, 60.5],
        [miner2.address, 7],
      ]),
    );
  });
});

describe('the weight-setting advisory lock', () => {
  it('is held by one holder at a time and released after its task, even a failed one', async () => {
    const db = validator.handle.db;
    const key = [WEIGHT_SETTING_LOCK_CLASS, 12] as const;
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = withAdvisoryLock(db, key, async () => {
      entered();
      await holding;
      return 'first';
    });
    await inside;
    expect(await withAdvisoryLock(db, key, async () => 'second')).toEqual({ acquired: false });
    expect(await withAdvisoryLock(db, [WEIGHT_SETTING_LOCK_CLASS, 13], async () => 'other netuid')).toEqual({ acquired: true, value: 'other netuid' });
    release();
    expect(await first).toEqual({ acquired: true, value: 'first' });
    await expect(withAdvisoryLock(db, key, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withAdvisoryLock(db, key, async () => 'third')).toEqual({ acquired: true, value: 'third' });
  });

  it('runs its task on PGlite (one connection, one process: the lock only pairs lock and unlock)', async () => {
    const handle = await openValidatorDatabase({ logger });
    try {
      expect(await withAdvisoryLock(handle.db, [WEIGHT_SETTING_LOCK_CLASS, 12], async () => 'pglite')).toEqual({ acquired: true, value: 'pglite' });
      const held = (await handle.db.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory'`)) as { rows: Array<{ n: number }> };
      expect(held.rows[0]?.n).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
