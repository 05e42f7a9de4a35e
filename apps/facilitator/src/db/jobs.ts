import { and, asc, count, desc, eq, gt, inArray } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { JobStatusMetadata } from '@horde/protocol';
import type { FacilitatorDb } from './database';
import { jobStatuses, jobs } from './schema';

export type JobRow = typeof jobs.$inferSelect;
export type NewJob = Omit<typeof jobs.$inferInsert, 'id' | 'status' | 'createdAt' | 'lastUpdate'>;

/** One stored status of a job; `id` orders them and is the SSE event id. */
export interface StatusEntry {
  readonly id: number;
  readonly status: string;
  readonly metadata: Record<string, unknown>;
  readonly created_at: string;
}

export type AddStatusResult = { readonly outcome: 'stored'; readonly entry: StatusEntry; readonly jobCreatedAt: Date } | { readonly outcome: 'job_not_found' } | { readonly outcome: 'duplicate' };

export interface JobListQuery {
  readonly submitter: string;
  readonly page: number;
  readonly pageSize: number;
  readonly tag?: string | undefined;
  readonly uuid?: string | undefined;
}

/** Jobs and their status history. */
export class JobsRepo {
  constructor(private readonly db: FacilitatorDb) {}

  /** Stores a new job together with its first status, `sent`. */
  async create(job: NewJob): Promise<{ job: JobRow; sent: StatusEntry }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(jobs)
        .values({ ...job, status: 'sent' })
        .returning();
      const [status] = await tx.insert(jobStatuses).values({ jobId: row!.id, status: 'sent' }).returning();
      return { job: row!, sent: toEntry(status!) };
    });
  }

  /** Deletes a job that could not be dispatched (its statuses go with it). */
  async remove(jobId: number): Promise<void> {
    await this.db.delete(jobs).where(eq(jobs.id, jobId));
  }

  async find(uuid: string): Promise<JobRow | undefined> {
    const [row] = await this.db.select().from(jobs).where(eq(jobs.uuid, uuid));
    return row;
  }

  /** The caller's jobs, newest first, and how many match in all. */
  async list(query: JobListQuery): Promise<{ total: number; rows: JobRow[] }> {
    const filters: SQL[] = [eq(jobs.submitter, query.submitter)];
    if (query.tag !== undefined) filters.push(eq(jobs.tag, query.tag));
    if (query.uuid !== undefined) filters.push(eq(jobs.uuid, query.uuid));
    const where = and(...filters);
    const [total] = await this.db.select({ n: count() }).from(jobs).where(where);
    const rows = await this.db
      .select()
      .from(jobs)
      .where(where)
      .orderBy(desc(jobs.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { total: total?.n ?? 0, rows };
  }

  /** The statuses of several jobs, each list in order. */
  async histories(jobIds: readonly number[]): Promise<Map<number, StatusEntry[]>> {
    const result = new Map<number, StatusEntry[]>(jobIds.map((id) => [id, []]));
    if (jobIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(jobStatuses)
      .where(inArray(jobStatuses.jobId, [...jobIds]))
      .orderBy(asc(jobStatuses.id));
    for (const row of rows) result.get(row.jobId)?.push(toEntry(row));
    return result;
  }

  /** Statuses of a job in the order they were stored, optionally only those after `afterId`. */
  async history(jobId: number, afterId = 0): Promise<StatusEntry[]> {
    const rows = await this.db
      .select()
      .from(jobStatuses)
      .where(and(eq(jobStatuses.jobId, jobId), gt(jobStatuses.id, afterId)))
      .orderBy(asc(jobStatuses.id));
    return rows.map(toEntry);
  }

  /**
   * Stores a status reported by the validator and copies its results (stdout, stderr, artifacts,
   * upload results, streaming address) onto the job. A status the job already has is refused, and
   * so is a job sent to another validator (as if it did not exist).
   */
  async addStatus(uuid: string, validator: string, status: string, metadata: JobStatusMetadata | null | undefined): Promise<AddStatusResult> {
    return this.db.transaction(async (tx) => {
      const [job] = await tx
        .select({ id: jobs.id, createdAt: jobs.createdAt })
        .from(jobs)
        .where(and(eq(jobs.uuid, uuid), eq(jobs.targetValidator, validator)))
        .for('update');
      if (job === undefined) return { outcome: 'job_not_found' as const };
      const [row] = await tx
        .insert(jobStatuses)
        .values({ jobId: job.id, status, metadata: (metadata ?? {}) as Record<string, unknown> })
        .onConflictDoNothing()
        .returning();
      if (row === undefined) return { outcome: 'duplicate' as const };
      await tx
        .update(jobs)
        .set({ status, lastUpdate: new Date(), ...resultFields(metadata) })
        .where(eq(jobs.id, job.id));
      return { outcome: 'stored' as const, entry: toEntry(row), jobCreatedAt: job.createdAt };
    });
  }
}

function resultFields(metadata: JobStatusMetadata | null | undefined): Partial<JobRow> {
  const result = metadata?.miner_response;
  if (result) {
    return {
      stdout: result.docker_process_stdout,
      stderr: result.docker_process_stderr,
      artifacts: result.artifacts ?? {},
      uploadResults: result.upload_results ?? {},
    };
  }
  const failure = metadata?.job_failure_details;
  if (failure) return { stdout: failure.docker_process_stdout ?? '', stderr: failure.docker_process_stderr ?? '' };
  const streaming = metadata?.streaming_details;
  if (streaming) {
    return {
      streamingServerCert: streaming.streaming_server_cert ?? null,
      streamingServerAddress: streaming.streaming_server_address ?? null,
      streamingServerPort: streaming.streaming_server_port ?? null,
    };
  }
  return {};
}

function toEntry(row: typeof jobStatuses.$inferSelect): StatusEntry {
  return { id: row.id, status: row.status, metadata: row.metadata, created_at: row.createdAt.toISOString() };
}
