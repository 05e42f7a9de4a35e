import { integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** A one-table schema for db tests. Migrations: `src/test-fixtures/drizzle/` (see drizzle.config.ts). */
export const notes = pgTable('notes', {
  id: serial('id').primaryKey(),
  body: text('body').notNull(),
  stars: integer('stars').notNull().default(0),
  tag: text('tag'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
