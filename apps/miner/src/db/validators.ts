import { and, asc, eq, inArray, notExists, notInArray, sql } from 'drizzle-orm';
import type { MinerDb } from './database';
import { validatorBlacklist, validators } from './schema';
import type { ValidatorSource } from './schema';

export type ValidatorRow = typeof validators.$inferSelect;

/** What a chain sync changed, hotkeys sorted. */
export interface ChainSyncChanges {
  readonly activated: readonly string[];
  readonly deactivated: readonly string[];
}

/** Validators allowed to connect, and the blacklist. */
export class ValidatorsRepo {
  constructor(private readonly db: MinerDb) {}

  async find(hotkey: string): Promise<ValidatorRow | undefined> {
    const [row] = await this.db.select().from(validators).where(eq(validators.hotkey, hotkey));
    return row;
  }

  async list(): Promise<ValidatorRow[]> {
    return this.db.select().from(validators).orderBy(asc(validators.hotkey));
  }

  /** Adds (or re-activates) a validator. A row from another source keeps its source. */
  async add(hotkey: string, source: ValidatorSource): Promise<ValidatorRow> {
    const [row] = await this.db
      .insert(validators)
      .values({ hotkey, source, active: true })
      .onConflictDoUpdate({ target: validators.hotkey, set: { active: true, updatedAt: new Date() } })
      .returning();
    return row!;
  }

  /** Deletes a validator; resolves false when there was none. */
  async remove(hotkey: string): Promise<boolean> {
    const removed = await this.db.delete(validators).where(eq(validators.hotkey, hotkey)).returning({ hotkey: validators.hotkey });
    return removed.length > 0;
  }

  /**
   * Makes the `config` validators exactly `hotkeys` (MINER_VALIDATORS): one upsert for the list
   * (a listed hotkey becomes a config row whatever its source, so that the chain sync never
   * deactivates it), one update deactivating config rows that left it. Other rows are untouched.
   */
  async syncConfig(hotkeys: readonly string[]): Promise<void> {
    const unique = [...new Set(hotkeys)];
    await this.db.transaction(async (tx) => {
      if (unique.length > 0) {
        await tx
          .insert(validators)
          .values(unique.map((hotkey) => ({ hotkey, source: 'config' as const, active: true })))
          .onConflictDoUpdate({ target: validators.hotkey, set: { active: true, source: 'config', updatedAt: new Date() } });
      }
      const stale = unique.length > 0 ? notInArray(validators.hotkey, unique) : sql`true`;
      await tx.update(validators).set({ active: false }).where(and(eq(validators.source, 'config'), eq(validators.active, true), stale));
    });
  }

  /**
   * Makes the `chain` validators exactly `hotkeys` (permit holders with enough stake): a listed
   * hotkey without an active row becomes an active chain row (an inactive row of another source
   * too), chain rows that left the list become inactive. Active rows of other sources (config,
   * CLI) are left alone: those validators are allowed whatever the chain says.
   */
  async syncChain(hotkeys: readonly string[]): Promise<ChainSyncChanges> {
    const listed = new Set(hotkeys);
    return this.db.transaction(async (tx) => {
      const rows = await tx.select({ hotkey: validators.hotkey, active: validators.active, source: validators.source }).from(validators);
      const activeNow = new Set(rows.filter((row) => row.active).map((row) => row.hotkey));
      const activated = [...listed].filter((hotkey) => !activeNow.has(hotkey)).sort();
      const deactivated = rows
        .filter((row) => row.source === 'chain' && row.active && !listed.has(row.hotkey))
        .map((row) => row.hotkey)
        .sort();
      if (activated.length > 0) {
        await tx
          .insert(validators)
          .values(activated.map((hotkey) => ({ hotkey, source: 'chain' as const, active: true })))
          .onConflictDoUpdate({ target: validators.hotkey, set: { active: true, source: 'chain', updatedAt: new Date() } });
      }
      if (deactivated.length > 0) await tx.update(validators).set({ active: false }).where(inArray(validators.hotkey, deactivated));
      return { activated, deactivated };
    });
  }

  /** Active validators that are not blacklisted: those whose jobs are taken. */
  async allowedCount(): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(validators)
      .where(and(eq(validators.active, true), notExists(this.db.select().from(validatorBlacklist).where(eq(validatorBlacklist.hotkey, validators.hotkey)))));
    return row?.count ?? 0;
  }

  async isBlacklisted(hotkey: string): Promise<boolean> {
    const [row] = await this.db.select({ hotkey: validatorBlacklist.hotkey }).from(validatorBlacklist).where(eq(validatorBlacklist.hotkey, hotkey));
    return row !== undefined;
  }

  async blacklist(hotkey: string, reason = ''): Promise<void> {
    await this.db.insert(validatorBlacklist).values({ hotkey, reason }).onConflictDoUpdate({ target: validatorBlacklist.hotkey, set: { reason } });
  }

  /** Lifts a blacklisting; resolves false when the validator was not blacklisted. */
  async unblacklist(hotkey: string): Promise<boolean> {
    const removed = await this.db.delete(validatorBlacklist).where(eq(validatorBlacklist.hotkey, hotkey)).returning({ hotkey: validatorBlacklist.hotkey });
    return removed.length > 0;
  }
}
