/**
 * Vitest hooks around the fixtures. This is the only file of the testkit that imports vitest (which
 * throws when loaded outside a test run), so it is exported separately as `@horde/testkit/vitest`.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { TestDatabase } from './postgres';
import { createTemplate, createTestDatabase, DEFAULT_ADMIN_URL } from './postgres';

export interface UseTestDatabaseOptions {
  adminUrl?: string;
  prefix?: string;
  /** Clone every database from this template, built once by `createTemplate(name, migrate)`. */
  template?: { name: string; migrate: (url: string) => Promise<void> };
  /** `'file'` (default): one database for the whole file; `'test'`: a fresh one for every test. */
  scope?: 'file' | 'test';
}

/**
 * Registers hooks that create a test database before the file (or each test) and drop it after.
 * Read `url` / `name` inside tests or hooks, not at collection time.
 */
export function useTestDatabase(options: UseTestDatabaseOptions = {}): { readonly url: string; readonly name: string } {
  const { adminUrl = DEFAULT_ADMIN_URL, prefix, template, scope = 'file' } = options;
  let current: TestDatabase | undefined;
  let templateName: Promise<string> | undefined;

  const create = async (): Promise<void> => {
    if (template) templateName ??= createTemplate(template.name, template.migrate, { adminUrl });
    current = await createTestDatabase({ adminUrl, prefix, template: await templateName });
  };
  const drop = async (): Promise<void> => {
    await current?.drop();
    current = undefined;
  };
  if (scope === 'test') {
    beforeEach(create);
    afterEach(drop);
  } else {
    beforeAll(create);
    afterAll(drop);
  }

  const get = (): TestDatabase => {
    if (!current) throw new Error('useTestDatabase: the database exists only while tests run (read it inside a test or hook)');
    return current;
  };
  return {
    get url() {
      return get().url;
    },
    get name() {
      return get().name;
    },
  };
}
