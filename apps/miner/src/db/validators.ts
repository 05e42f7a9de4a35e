import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { MinerDb } from './database';
import { validatorBlacklist, validators } from './schema';
import type { ValidatorSource } from './schema';

export type ValidatorRow = typeof validators.$inferSelect;

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
   * Makes the `config` validators exactly `hotkeys` (MINER_VALIDATORS): one upsert for the list,
   * one update deactivating config rows that left it. Rows added by other sources are untouched.
   */
  async syncConfig(hotkeys: readonly string[]): Promise<void> {
    const unique = [...new Set(hotkeys)];
    await this.db.transaction(async (tx) => {
      if (unique.length > 0) {
        await tx
          .insert(validators)
          .values(unique.map((hotkey) => ({ hotkey, source: 'config' as const, active: true })))
          .onConflictDoUpdate({ target: validators.hotkey, set: { active: true, updatedAt: new Date() } });
      }
      const stale = unique.length > 0 ? notInArray(validators.hotkey, unique) : sql`true`;
      await tx.update(validators).set({ active: false }).where(and(eq(validators.source, 'config'), eq(validators.active, true), stale));
    });
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
