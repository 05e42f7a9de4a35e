import { defineConfig } from 'drizzle-kit';

/** Migrations of the facilitator database: `pnpm --filter @horde/facilitator db:generate` after a schema change. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
