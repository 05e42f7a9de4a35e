/**
 * Miners known to the validator, with their latest manifests, incidents and blacklist entries: what
 * routing reads and what the admin API and CLI show and edit.
 */
import { and, asc, count, eq, gt, gte, notInArray, sql } from 'drizzle-orm';
import type { ValidatorDb } from './database';
import { minerBlacklist, minerIncidents, minerManifests, miners } from './schema';
import type { BlacklistReason, IncidentType, MinerSource } from './schema';

export type MinerRow = typeof miners.$inferSelect;
export type BlacklistRow = typeof minerBlacklist.$inferSelect;
export type IncidentRow = typeof minerIncidents.$inferSelect;

export interface MinerInput {
  readonly hotkey: string;
  readonly address: string;
  readonly port: number;
  readonly ipVersion?: number;
  readonly coldkey?: string | null;
  readonly uid?: number | null;
  readonly source: MinerSource;
}

/** A miner as the metagraph shows it: a neuron with a served axon. */
export interface ChainMinerInput {
  readonly hotkey: string;
  readonly coldkey: string;
  readonly uid: number;
  readonly address: string;
  readonly port: number;
  readonly ipVersion: number;
}

/** What one metagraph sync changed in the miners table. */
export interface ChainSyncResult {
  /** Chain rows inserted, or updated (address, uid, coldkey) or re-activated. */
  readonly upserted: number;
  /** Chain rows that left the metagraph or lost their axon, now inactive. */
  readonly deactivated: string[];
}

export class MinersRepo {
  constructor(private readonly db: ValidatorDb) {}

  /** Adds a miner or updates its address; it becomes active. */
  async upsert(input: MinerInput): Promise<MinerRow> {
    const values = { ...input, ipVersion: input.ipVersion ?? 4, active: true };
    const [row] = await this.db
      .insert(miners)
      .values(values)
      .onConflictDoUpdate({ target: miners.hotkey, set: { address: values.address, port: values.port, ipVersion: values.ipVersion, source: values.source, active: true } })
      .returning();
    return row!;
  }

  /**
   * Makes the chain rows match `current` (the metagraph's miners with an axon): upserts them as
   * active, deactivates chain rows not in it. Rows of another source (config, cli) are never touched,
   * even when their hotkey is in the metagraph.
   */
  async syncFromChain(current: readonly ChainMinerInput[]): Promise<ChainSyncResult> {
    return this.db.transaction(async (tx) => {
      let upserted = 0;
      if (current.length > 0) {
        const rows = current.map((miner) => ({ ...miner, source: 'chain' as const, active: true }));
        const changed = await tx
          .insert(miners)
          .values(rows)
          .onConflictDoUpdate({
            target: miners.hotkey,
            set: { address: sql`excluded.address`, port: sql`excluded.port`, ipVersion: sql`excluded.ip_version`, coldkey: sql`excluded.coldkey`, uid: sql`excluded.uid`, active: true },
            setWhere: sql`${miners.source} = 'chain' and (${miners.active} = false or (${miners.address}, ${miners.port}, ${miners.ipVersion}, ${miners.coldkey}, ${miners.uid}) is distinct from (excluded.address, excluded.port, excluded.ip_version, excluded.coldkey, excluded.uid))`,
          })
          .returning({ hotkey: miners.hotkey });
        upserted = changed.length;
      }
      const hotkeys = current.map((miner) => miner.hotkey);
      const gone = and(eq(miners.source, 'chain'), eq(miners.active, true), hotkeys.length > 0 ? notInArray(miners.hotkey, hotkeys) : undefined);
      const deactivated = await tx.update(miners).set({ active: false }).where(gone).returning({ hotkey: miners.hotkey });
      return { upserted, deactivated: deactivated.map((row) => row.hotkey) };
    });
  }

  /** Removes a miner; false when it was not there. */
  async remove(hotkey: string): Promise<boolean> {
    const removed = await this.db.delete(miners).where(eq(miners.hotkey, hotkey)).returning({ hotkey: miners.hotkey });
    await this.db.delete(minerManifests).where(eq(minerManifests.minerHotkey, hotkey));
    return removed.length > 0;
  }

  async get(hotkey: string): Promise<MinerRow | undefined> {
    const [row] = await this.db.select().from(miners).where(eq(miners.hotkey, hotkey));
    return row;
  }

  async list(): Promise<MinerRow[]> {
    return this.db.select().from(miners).orderBy(asc(miners.hotkey));
  }

  async listActive(): Promise<MinerRow[]> {
    return this.db.select().from(miners).where(eq(miners.active, true)).orderBy(asc(miners.hotkey));
  }

  /** Replaces a miner's manifest. */
  async saveManifest(hotkey: string, manifest: Readonly<Record<string, number>>, fetchedAt: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(minerManifests).where(eq(minerManifests.minerHotkey, hotkey));
      const rows = Object.entries(manifest).map(([executorClass, n]) => ({ minerHotkey: hotkey, executorClass, count: n, fetchedAt }));
      if (rows.length > 0) await tx.insert(minerManifests).values(rows);
    });
  }

  /** The stored manifest and when it was read; undefined when never read (or it was empty). */
  async manifest(hotkey: string): Promise<{ manifest: Record<string, number>; fetchedAt: Date } | undefined> {
    const rows = await this.db.select().from(minerManifests).where(eq(minerManifests.minerHotkey, hotkey));
    if (rows.length === 0) return undefined;
    const fetchedAt = new Date(Math.min(...rows.map((row) => row.fetchedAt.getTime())));
    return { manifest: Object.fromEntries(rows.map((row) => [row.executorClass, row.count])), fetchedAt };
  }

  async manifests(): Promise<Array<typeof minerManifests.$inferSelect>> {
    return this.db.select().from(minerManifests).orderBy(asc(minerManifests.minerHotkey));
  }

  async blacklist(hotkey: string, reason: BlacklistReason, details: string, until: Date): Promise<void> {
    await this.db.insert(minerBlacklist).values({ minerHotkey: hotkey, reason, details: details.slice(0, 2000), expiresAt: until });
  }

  /** Hotkeys blacklisted at `now`. */
  async blacklistedAt(now: Date): Promise<Set<string>> {
    const rows = await this.db.selectDistinct({ hotkey: minerBlacklist.minerHotkey }).from(minerBlacklist).where(gt(minerBlacklist.expiresAt, now));
    return new Set(rows.map((row) => row.hotkey));
  }

  async blacklistEntries(now: Date): Promise<BlacklistRow[]> {
    return this.db.select().from(minerBlacklist).where(gt(minerBlacklist.expiresAt, now)).orderBy(asc(minerBlacklist.id));
  }

  /** Ends every current blacklist entry of a miner. */
  async unblacklist(hotkey: string, now: Date): Promise<void> {
    await this.db.update(minerBlacklist).set({ expiresAt: now }).where(and(eq(minerBlacklist.minerHotkey, hotkey), gt(minerBlacklist.expiresAt, now)));
  }

  async addIncident(type: IncidentType, hotkey: string, jobUuid: string | null, executorClass: string | null): Promise<void> {
    await this.db.insert(minerIncidents).values({ type, minerHotkey: hotkey, jobUuid, executorClass });
  }

  /** Incidents per miner since `since` for one class (a manifest poll failure counts for every class). */
  async incidentCounts(executorClass: string, since: Date): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ hotkey: minerIncidents.minerHotkey, n: count() })
      .from(minerIncidents)
      .where(and(gte(minerIncidents.at, since), sql`(${minerIncidents.executorClass} = ${executorClass} or ${minerIncidents.executorClass} is null)`))
      .groupBy(minerIncidents.minerHotkey);
    return new Map(rows.map((row) => [row.hotkey, row.n]));
  }

  async incidents(since: Date): Promise<IncidentRow[]> {
    return this.db.select().from(minerIncidents).where(gte(minerIncidents.at, since)).orderBy(asc(minerIncidents.id));
  }
}
