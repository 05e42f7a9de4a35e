import { asc, eq } from 'drizzle-orm';
import type { FacilitatorDb } from './database';
import { validators } from './schema';

export type ValidatorRow = typeof validators.$inferSelect;

/** Validators allowed on the validator channel. */
export class ValidatorsRepo {
  constructor(private readonly db: FacilitatorDb) {}

  async find(hotkey: string): Promise<ValidatorRow | undefined> {
    const [row] = await this.db.select().from(validators).where(eq(validators.hotkey, hotkey));
    return row;
  }

  async list(): Promise<ValidatorRow[]> {
    return this.db.select().from(validators).orderBy(asc(validators.hotkey));
  }

  /** Adds a validator, or re-activates it. */
  async add(hotkey: string): Promise<void> {
    await this.db.insert(validators).values({ hotkey, active: true }).onConflictDoUpdate({ target: validators.hotkey, set: { active: true } });
  }

  /** Keeps the row (its history) but refuses the validator from now on; false when unknown. */
  async deactivate(hotkey: string): Promise<boolean> {
    const rows = await this.db.update(validators).set({ active: false }).where(eq(validators.hotkey, hotkey)).returning({ hotkey: validators.hotkey });
    return rows.length > 0;
  }

  /** Records that the validator was heard from, with the versions of its upgrade headers when given. */
  async seen(hotkey: string, versions: { version?: string | undefined; runnerVersion?: string | undefined } = {}): Promise<void> {
    await this.db
      .update(validators)
      .set({
        lastSeen: new Date(),
        ...(versions.version === undefined ? {} : { version: versions.version }),
        ...(versions.runnerVersion === undefined ? {} : { runnerVersion: versions.runnerVersion }),
      })
      .where(eq(validators.hotkey, hotkey));
  }
}
