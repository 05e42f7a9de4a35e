import { and, eq, gte, lte, ne, sql } from 'drizzle-orm';
import { acceptedReceiptFields, finishedReceiptFields, startedReceiptFields } from '@horde/protocol';
import type { JobAcceptedReceiptPayload, JobFinishedReceiptPayload, JobStartedReceiptPayload, Receipt } from '@horde/protocol';
import type { MinerDb } from './database';
import { jobAcceptedReceipts, jobFinishedReceipts, jobStartedReceipts } from './schema';
import type { NewStartedReceipt } from './jobs';

/** Both signatures of a receipt (`0x`-hex sr25519 over its signing blob). */
export interface Signatures {
  readonly validatorSignature: string;
  readonly minerSignature: string;
}

/** Most excuse receipts sent with one busy decline. */
const MAX_EXCUSES = 1000;

/** The started-receipt row for a verified, countersigned payload. */
export function startedReceiptRow(payload: JobStartedReceiptPayload, signatures: Signatures): NewStartedReceipt {
  return { ...startedReceiptFields(payload), ...signatures, payload };
}

export class ReceiptsRepo {
  constructor(private readonly db: MinerDb) {}

  /** Stores an accepted receipt; a second one for the same job is ignored (false). */
  async addAccepted(payload: JobAcceptedReceiptPayload, signatures: Signatures): Promise<boolean> {
    const rows = await this.db
      .insert(jobAcceptedReceipts)
      .values({ ...acceptedReceiptFields(payload), ...signatures, payload })
      .onConflictDoNothing()
      .returning({ id: jobAcceptedReceipts.id });
    return rows.length > 0;
  }

  /** Stores a finished receipt; a second one for the same job is ignored (false). */
  async addFinished(payload: JobFinishedReceiptPayload, signatures: Signatures): Promise<boolean> {
    const rows = await this.db
      .insert(jobFinishedReceipts)
      .values({ ...finishedReceiptFields(payload), ...signatures, payload })
      .onConflictDoNothing()
      .returning({ id: jobFinishedReceipts.id });
    return rows.length > 0;
  }

  /**
   * Excuses for a busy decline: organic started receipts of `executorClass` valid at `at`
   * (`timestamp ≤ at ≤ timestamp + ttl`), other than `exceptJobUuid`'s, as full receipts.
   */
  async excuses(executorClass: string, at: Date, exceptJobUuid: string): Promise<Receipt[]> {
    const rows = await this.db
      .select({ payload: jobStartedReceipts.payload, validatorSignature: jobStartedReceipts.validatorSignature, minerSignature: jobStartedReceipts.minerSignature })
      .from(jobStartedReceipts)
      .where(
        and(
          eq(jobStartedReceipts.executorClass, executorClass),
          eq(jobStartedReceipts.isOrganic, true),
          ne(jobStartedReceipts.jobUuid, exceptJobUuid),
          lte(jobStartedReceipts.timestamp, at),
          gte(sql`${jobStartedReceipts.timestamp} + ${jobStartedReceipts.ttl} * interval '1 second'`, at),
        ),
      )
      .orderBy(jobStartedReceipts.timestamp)
      .limit(MAX_EXCUSES);
    return rows.map((row) => ({
      // Stored from a parsed JobStartedReceiptPayload; the outbound schema checks it again.
      payload: row.payload as JobStartedReceiptPayload,
      validator_signature: row.validatorSignature,
      miner_signature: row.minerSignature,
    }));
  }
}
