import { defineConfig } from 'drizzle-kit';

/** Migrations of the validator database: `pnpm --filter @horde/validator db:generate` after a schema change. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
