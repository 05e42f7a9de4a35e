import { defineConfig } from 'drizzle-kit';

/**
 * Generates the migrations of the db test fixture: `pnpm --filter @horde/service exec drizzle-kit generate`.
 * Apps keep a config like this one next to their own schema.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/test-fixtures/schema.ts',
  out: './src/test-fixtures/drizzle',
});
