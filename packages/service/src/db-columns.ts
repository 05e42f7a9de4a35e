/**
 * Column helpers every app schema uses: timestamps with time zone, `created_at` and `updated_at`.
 * Imported through `@horde/service/db-columns` (drizzle-orm only), so that drizzle-kit can load an
 * app's schema without the rest of the kit.
 */
import { timestamp } from 'drizzle-orm/pg-core';

export const tz = { withTimezone: true } as const;

export const createdAt = () => timestamp('created_at', tz).notNull().defaultNow();

export const updatedAt = () =>
  timestamp('updated_at', tz)
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
