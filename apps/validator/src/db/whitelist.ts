import { asc, eq } from 'drizzle-orm';
import type { ValidatorDb } from './database';
import { validatorWhitelist } from './schema';

export type WhitelistRow = typeof validatorWhitelist.$inferSelect;

/**
 * Submitters whose facilitator jobs this validator accepts besides its own hotkey (reference
 * `ValidatorWhitelist`). The facilitator client asks `has` for every job's signer.
 */
export class WhitelistRepo {
  constructor(private readonly db: ValidatorDb) {}

  /** True when the hotkey is on the whitelist (the facilitator client's SignerPolicy; it allows itself separately). */
  async isAllowed(hotkey: string): Promise<boolean> {
    const rows = await this.db.select({ hotkey: validatorWhitelist.hotkey }).from(validatorWhitelist).where(eq(validatorWhitelist.hotkey, hotkey));
    return rows.length > 0;
  }

  /** Adds a hotkey (idempotent). */
  async add(hotkey: string, note = ''): Promise<void> {
    await this.db.insert(validatorWhitelist).values({ hotkey, note }).onConflictDoNothing();
  }

  /** Removes a hotkey; false when it was not there. */
  async remove(hotkey: string): Promise<boolean> {
    const removed = await this.db.delete(validatorWhitelist).where(eq(validatorWhitelist.hotkey, hotkey)).returning();
    return removed.length > 0;
  }

  async list(): Promise<WhitelistRow[]> {
    return this.db.select().from(validatorWhitelist).orderBy(asc(validatorWhitelist.hotkey));
  }
}
