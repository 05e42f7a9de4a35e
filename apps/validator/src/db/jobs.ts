/**
 * Organic jobs and their status history. Status changes are conditional updates, so that two
 * processes racing to end one job (the worker and a restart sweep) never both win.
 */
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { ValidatorDb } from './database';
import { organicJobStatuses, organicJobs, TERMINAL_ORGANIC_STATUSES } from './schema';
import type { JobAttempt, OrganicJobStatus } from './schema';

export type OrganicJobRow = typeof organicJobs.$inferSelect;
export type OrganicJobInsert = typeof organicJobs.$inferInsert;
export type StatusRow = typeof organicJobStatuses.$inferSelect;

/** Columns a status change may set besides the status. */
export type OrganicJobPatch = Partial<
  Pick<
    OrganicJobRow,
    | 'minerHotkey'
    | 'minerAddress'
    | 'minerPort'
    | 'stdout'
    | 'stderr'
    | 'artifacts'
    | 'uploadResults'
    | 'errorType'
    | 'errorDetail'
    | 'acceptedAt'
    | 'executorReadyAt'
    | 'volumesReadyAt'
    | 'executionDoneAt'
    | 'finishedAt'
    | 'status'
  >
>;

export class OrganicJobsRepo {
  constructor(private readonly db: ValidatorDb) {}

  /** Inserts a new job; false when the uuid exists already. */
  async insert(row: OrganicJobInsert): Promise<boolean> {
    const inserted = await this.db.insert(organicJobs).values(row).onConflictDoNothing().returning({ jobUuid: organicJobs.jobUuid });
    return inserted.length > 0;
  }

  async get(jobUuid: string): Promise<OrganicJobRow | undefined> {
    const [row] = await this.db.select().from(organicJobs).where(eq(organicJobs.jobUuid, jobUuid));
    return row;
  }

  /**
   * Newest first. `before` is the uuid of the last job of the previous page (keyset pagination on
   * created_at then uuid, so that jobs created in the same millisecond are neither lost nor repeated).
   */
  async list(options: { limit: number; before?: string; status?: OrganicJobStatus }): Promise<OrganicJobRow[]> {
    const cursor = options.before ? await this.get(options.before) : undefined;
    const conditions = [
      cursor ? sql`(${organicJobs.createdAt}, ${organicJobs.jobUuid}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.jobUuid})` : undefined,
      options.status ? eq(organicJobs.status, options.status) : undefined,
    ];
    return this.db
      .select()
      .from(organicJobs)
      .where(and(...conditions))
      .orderBy(desc(organicJobs.createdAt), desc(organicJobs.jobUuid))
      .limit(options.limit);
  }

  /** Jobs not yet ended. */
  async unfinished(): Promise<OrganicJobRow[]> {
    return this.db.select().from(organicJobs).where(notInArray(organicJobs.status, [...TERMINAL_ORGANIC_STATUSES]));
  }

  /**
   * Records a wire status and applies `patch`, unless the job has already ended. Returns false when
   * nothing changed (job unknown or terminal): the caller must then not publish the status.
   */
  async recordStatus(jobUuid: string, status: string, metadata: unknown, patch: OrganicJobPatch = {}): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const updated = await tx
        .update(organicJobs)
        .set({ ...patch, lastStatus: status })
        .where(and(eq(organicJobs.jobUuid, jobUuid), notInArray(organicJobs.status, [...TERMINAL_ORGANIC_STATUSES])))
        .returning({ jobUuid: organicJobs.jobUuid });
      if (updated.length === 0) return false;
      await tx.insert(organicJobStatuses).values({ jobUuid, status, metadata: metadata ?? null });
      return true;
    });
  }

  async appendAttempt(jobUuid: string, attempt: JobAttempt): Promise<void> {
    await this.db
      .update(organicJobs)
      .set({ attempts: sql`${organicJobs.attempts} || ${JSON.stringify([attempt])}::jsonb` })
      .where(eq(organicJobs.jobUuid, jobUuid));
  }

  async history(jobUuid: string): Promise<StatusRow[]> {
    return this.db.select().from(organicJobStatuses).where(eq(organicJobStatuses.jobUuid, jobUuid)).orderBy(organicJobStatuses.id);
  }

  /** The job now runs on `miner` (status RUNNING), unless it has ended. */
  async assignMiner(jobUuid: string, miner: { hotkey: string; address: string; port: number }): Promise<void> {
    await this.db
      .update(organicJobs)
      .set({ status: 'RUNNING', minerHotkey: miner.hotkey, minerAddress: miner.address, minerPort: miner.port })
      .where(and(eq(organicJobs.jobUuid, jobUuid), notInArray(organicJobs.status, [...TERMINAL_ORGANIC_STATUSES])));
  }
}
