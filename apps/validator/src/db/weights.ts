/**
 * The weight-setting record: one `weight_setting` row per cycle with every try, and the CR-v2
 * commits (`weight_commits`), each saved before its `commit_weights` is sent so that a restarted
 * validator still reveals it.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { CommitRecord } from '@horde/chain';
import type { ValidatorDb } from './database';
import { weightCommits, weightSetting } from './schema';
import type { WeightAttempt, WeightCommitStatus, WeightMode, WeightSettingStatus } from './schema';

export type WeightSettingRow = typeof weightSetting.$inferSelect;
export type WeightCommitRow = typeof weightCommits.$inferSelect;

/** A stored commit with its record parsed. */
export interface StoredCommit {
  readonly id: number;
  readonly status: WeightCommitStatus;
  readonly record: CommitRecord;
}

export interface CycleOutcome {
  readonly status: WeightSettingStatus;
  readonly attempt: WeightAttempt;
  readonly mode?: WeightMode | null;
  readonly uids?: number[];
  readonly weights?: number[];
  readonly txHash?: string;
  readonly txBlock?: number;
  readonly revealRound?: string;
}

export class WeightsRepo {
  constructor(private readonly db: ValidatorDb) {}

  async cycle(cycleStart: number): Promise<WeightSettingRow | undefined> {
    const [row] = await this.db.select().from(weightSetting).where(eq(weightSetting.cycleStart, cycleStart));
    return row;
  }

  async cycles(): Promise<WeightSettingRow[]> {
    return this.db.select().from(weightSetting).orderBy(asc(weightSetting.cycleStart));
  }

  /** Appends a try to the cycle's row (creating it) and sets its status and what was sent. */
  async recordAttempt(cycleStart: number, cycleEnd: number, outcome: CycleOutcome): Promise<void> {
    const { attempt, status } = outcome;
    const sent = {
      status,
      error: attempt.error ?? null,
      ...(outcome.mode === undefined ? {} : { mode: outcome.mode }),
      ...(outcome.uids === undefined ? {} : { uids: outcome.uids, weights: outcome.weights ?? [] }),
      ...(outcome.txHash === undefined ? {} : { txHash: outcome.txHash, txBlock: outcome.txBlock ?? null }),
      ...(outcome.revealRound === undefined ? {} : { revealRound: outcome.revealRound }),
    };
    await this.db
      .insert(weightSetting)
      .values({ cycleStart, cycleEnd, attempts: [attempt], ...sent })
      .onConflictDoUpdate({
        target: weightSetting.cycleStart,
        set: { ...sent, attempts: sql`${weightSetting.attempts} || ${JSON.stringify([attempt])}::jsonb` },
      });
  }

  /** Saves a commit as `pending`, before it is sent. */
  async saveCommit(cycleStart: number, record: CommitRecord): Promise<number> {
    const [row] = await this.db.insert(weightCommits).values({ cycleStart, commitHash: record.commitHash, record }).returning({ id: weightCommits.id });
    return row!.id;
  }

  /** The commit is in a block: its reveal epoch follows from that block's epoch. */
  async markCommitted(id: number, commitBlock: number, record: CommitRecord): Promise<void> {
    await this.db.update(weightCommits).set({ status: 'committed', commitBlock, record, error: null }).where(eq(weightCommits.id, id));
  }

  async markRevealed(id: number, txHash: string, block: number): Promise<void> {
    await this.db.update(weightCommits).set({ status: 'revealed', revealTxHash: txHash, revealBlock: block, error: null }).where(eq(weightCommits.id, id));
  }

  async markCommit(id: number, status: 'expired' | 'failed', error: string | null): Promise<void> {
    await this.db.update(weightCommits).set({ status, error }).where(eq(weightCommits.id, id));
  }

  /** Notes the last error of a commit that stays open (retried later). */
  async noteCommitError(id: number, error: string): Promise<void> {
    await this.db.update(weightCommits).set({ error }).where(eq(weightCommits.id, id));
  }

  /** Commits not yet revealed, expired or failed: oldest first. */
  async openCommits(): Promise<StoredCommit[]> {
    const rows = await this.db
      .select()
      .from(weightCommits)
      .where(inArray(weightCommits.status, ['pending', 'committed']))
      .orderBy(asc(weightCommits.id));
    return rows.map((row) => ({ id: row.id, status: row.status, record: CommitRecord.parse(row.record) }));
  }

  async commits(): Promise<WeightCommitRow[]> {
    return this.db.select().from(weightCommits).orderBy(asc(weightCommits.id));
  }
}
