import { desc, eq, inArray } from 'drizzle-orm';
import type { MinerDb } from './database';
import { ACCEPTED_JOB_STATUSES, acceptedJobs, jobStartedReceipts, TERMINAL_JOB_STATUSES } from './schema';
import type { AcceptedJobStatus } from './schema';

export type AcceptedJobRow = typeof acceptedJobs.$inferSelect;
export type NewAcceptedJob = typeof acceptedJobs.$inferInsert;
export type NewStartedReceipt = typeof jobStartedReceipts.$inferInsert;

/** What a job update may change; `updated_at` is set by the schema. */
export type AcceptedJobPatch = Partial<
  Pick<
    AcceptedJobRow,
    | 'status'
    | 'fullJobDetails'
    | 'exitStatus'
    | 'stdout'
    | 'stderr'
    | 'errorType'
    | 'errorDetail'
    | 'artifacts'
    | 'uploadResults'
    | 'executorAddress'
    | 'executorReadyAt'
    | 'volumesReadyAt'
    | 'executionDoneAt'
    | 'finishedAt'
  >
>;

/** A job left unfinished by a previous run of the miner. */
export interface AbandonedJob {
  readonly jobUuid: string;
  readonly executorToken: string;
  readonly executorClass: string;
}

const ACTIVE_STATUSES = ACCEPTED_JOB_STATUSES.filter((status) => !TERMINAL_JOB_STATUSES.includes(status));

export class JobsRepo {
  constructor(private readonly db: MinerDb) {}

  /**
   * Stores a new job together with its countersigned started receipt, in one transaction. Resolves
   * false (storing nothing) when a job with this `job_uuid` already exists.
   */
  async create(job: NewAcceptedJob, receipt: NewStartedReceipt): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.insert(acceptedJobs).values(job).onConflictDoNothing().returning({ id: acceptedJobs.id });
      if (inserted.length === 0) return false;
      await tx.insert(jobStartedReceipts).values(receipt).onConflictDoNothing();
      return true;
    });
  }

  async update(executorToken: string, patch: AcceptedJobPatch): Promise<void> {
    await this.db.update(acceptedJobs).set(patch).where(eq(acceptedJobs.executorToken, executorToken));
  }

  /** Newest first. */
  async list(options: { status?: AcceptedJobStatus; limit: number }): Promise<AcceptedJobRow[]> {
    const query = this.db.select().from(acceptedJobs);
    const filtered = options.status === undefined ? query : query.where(eq(acceptedJobs.status, options.status));
    return filtered.orderBy(desc(acceptedJobs.createdAt), desc(acceptedJobs.id)).limit(options.limit);
  }

  /** Marks every job still in progress FAILED with `errorType`, in one statement; returns them. */
  async failUnfinished(errorType: string, errorDetail: string): Promise<AbandonedJob[]> {
    return this.db
      .update(acceptedJobs)
      .set({ status: 'FAILED', errorType, errorDetail, finishedAt: new Date() })
      .where(inArray(acceptedJobs.status, ACTIVE_STATUSES))
      .returning({ jobUuid: acceptedJobs.jobUuid, executorToken: acceptedJobs.executorToken, executorClass: acceptedJobs.executorClass });
  }
}
