import { asc, eq } from 'drizzle-orm';
import type { FacilitatorDb } from './database';
import { hotkeyWhitelist } from './schema';

export type WhitelistRow = typeof hotkeyWhitelist.$inferSelect;

/** Hotkeys allowed to log in and submit jobs. */
export class WhitelistRepo {
  constructor(private readonly db: FacilitatorDb) {}

  async has(hotkey: string): Promise<boolean> {
    const [row] = await this.db.select({ hotkey: hotkeyWhitelist.hotkey }).from(hotkeyWhitelist).where(eq(hotkeyWhitelist.hotkey, hotkey));
    return row !== undefined;
  }

  async list(): Promise<WhitelistRow[]> {
    return this.db.select().from(hotkeyWhitelist).orderBy(asc(hotkeyWhitelist.hotkey));
  }

  async add(hotkey: string, note = ''): Promise<void> {
    await this.db.insert(hotkeyWhitelist).values({ hotkey, note }).onConflictDoUpdate({ target: hotkeyWhitelist.hotkey, set: { note } });
  }

  /** False when the hotkey was not listed. */
  async remove(hotkey: string): Promise<boolean> {
    const rows = await this.db.delete(hotkeyWhitelist).where(eq(hotkeyWhitelist.hotkey, hotkey)).returning({ hotkey: hotkeyWhitelist.hotkey });
    return rows.length > 0;
  }
}
