import { defineConfig } from 'drizzle-kit';

/** Migrations of the miner database: `pnpm --filter @horde/miner db:generate` after a schema change. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
