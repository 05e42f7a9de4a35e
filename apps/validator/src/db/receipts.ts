/**
 * The receipts this validator signed (started, accepted, finished). Routing counts a miner's busy
 * executors from them: a job is busy while its started or accepted receipt is valid
 * (`timestamp ≤ now ≤ timestamp + ttl`) and no finished receipt exists (reference §4.3 item 7,
 * §7.3; receipts of other validators arrive with the receipt transfer of a later issue).
 */
import { and, count, eq, gte, lt, or, sql } from 'drizzle-orm';
import { acceptedReceiptFields, finishedReceiptFields, startedReceiptFields } from '@horde/protocol';
import type { JobAcceptedReceiptPayload, JobFinishedReceiptPayload, JobStartedReceiptPayload } from '@horde/protocol';
import type { ValidatorDb } from './database';
import { jobAcceptedReceipts, jobFinishedReceipts, jobStartedReceipts } from './schema';

export class ReceiptsRepo {
  constructor(private readonly db: ValidatorDb) {}

  async saveStarted(payload: JobStartedReceiptPayload, validatorSignature: string): Promise<void> {
    await this.db.insert(jobStartedReceipts).values({ ...startedReceiptFields(payload), payload, validatorSignature }).onConflictDoNothing();
  }

  async saveAccepted(payload: JobAcceptedReceiptPayload, validatorSignature: string): Promise<void> {
    await this.db.insert(jobAcceptedReceipts).values({ ...acceptedReceiptFields(payload), payload, validatorSignature }).onConflictDoNothing();
  }

  async saveFinished(payload: JobFinishedReceiptPayload, validatorSignature: string): Promise<void> {
    await this.db.insert(jobFinishedReceipts).values({ ...finishedReceiptFields(payload), payload, validatorSignature }).onConflictDoNothing();
  }

  /** Executors of `executorClass` on `minerHotkey` busy with our jobs at `now`. */
  async busyCount(minerHotkey: string, executorClass: string, now: Date): Promise<number> {
    const at = sql`${now.toISOString()}::timestamptz`;
    const [row] = await this.db
      .select({ n: count() })
      .from(jobStartedReceipts)
      .leftJoin(jobAcceptedReceipts, and(eq(jobAcceptedReceipts.jobUuid, jobStartedReceipts.jobUuid), eq(jobAcceptedReceipts.minerHotkey, jobStartedReceipts.minerHotkey)))
      .where(
        and(
          eq(jobStartedReceipts.minerHotkey, minerHotkey),
          eq(jobStartedReceipts.executorClass, executorClass),
          sql`not exists (select 1 from ${jobFinishedReceipts} where ${jobFinishedReceipts.jobUuid} = ${jobStartedReceipts.jobUuid} and ${jobFinishedReceipts.minerHotkey} = ${jobStartedReceipts.minerHotkey})`,
          or(
            sql`${at} between ${jobStartedReceipts.timestamp} and ${jobStartedReceipts.timestamp} + make_interval(secs => ${jobStartedReceipts.ttl})`,
            sql`${at} between ${jobAcceptedReceipts.timestamp} and ${jobAcceptedReceipts.timestamp} + make_interval(secs => ${jobAcceptedReceipts.ttl})`,
          ),
        ),
      );
    return row?.n ?? 0;
  }

  /** The receipts of one job (every miner it was tried on). */
  async ofJob(jobUuid: string): Promise<{ started: number; accepted: number; finished: Array<{ minerHotkey: string; scoreStr: string }> }> {
    const [started, accepted, finished] = await Promise.all([
      this.db.select({ id: jobStartedReceipts.id }).from(jobStartedReceipts).where(eq(jobStartedReceipts.jobUuid, jobUuid)),
      this.db.select({ id: jobAcceptedReceipts.id }).from(jobAcceptedReceipts).where(eq(jobAcceptedReceipts.jobUuid, jobUuid)),
      this.db
        .select({ minerHotkey: jobFinishedReceipts.minerHotkey, scoreStr: jobFinishedReceipts.scoreStr })
        .from(jobFinishedReceipts)
        .where(eq(jobFinishedReceipts.jobUuid, jobUuid)),
    ]);
    return { started: started.length, accepted: accepted.length, finished };
  }

  /** Executor-seconds (the `score_str` of finished receipts, 0 for failed jobs) per miner, receipts timed in [from, to). */
  async executorSecondsByMiner(from: Date, to: Date): Promise<Map<string, number>> {
    const total = sql<string>`sum(${jobFinishedReceipts.scoreStr}::numeric)`;
    const rows = await this.db
      .select({ hotkey: jobFinishedReceipts.minerHotkey, total })
      .from(jobFinishedReceipts)
      .where(and(gte(jobFinishedReceipts.timestamp, from), lt(jobFinishedReceipts.timestamp, to)))
      .groupBy(jobFinishedReceipts.minerHotkey)
      .having(sql`${total} > 0`);
    return new Map(rows.map((row) => [row.hotkey, Number(row.total)]));
  }
}
