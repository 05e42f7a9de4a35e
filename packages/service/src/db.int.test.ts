import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import type { Database } from './db';
import { createLogger } from './logger';
import * as schema from './test-fixtures/schema';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const migrationsFolder = fileURLToPath(new URL('./test-fixtures/drizzle', import.meta.url));
const logger = createLogger({ name: 'db-test', level: 'silent' });

/** The same app code, run against each backend. */
async function exerciseNotes(db: Database<typeof schema>): Promise<void> {
  const [created] = await db.insert(schema.notes).values({ body: 'first', tag: 'a' }).returning();
  await db.insert(schema.notes).values([{ body: 'second', stars: 3 }, { body: 'third', stars: 5, tag: 'a' }]);
  expect(created).toMatchObject({ body: 'first', stars: 0, tag: 'a' });
  expect(created?.createdAt).toBeInstanceOf(Date);

  await db.update(schema.notes).set({ stars: sql`${schema.notes.stars} + 1` }).where(eq(schema.notes.tag, 'a'));
  const tagged = await db.select({ body: schema.notes.body, stars: schema.notes.stars }).from(schema.notes).where(eq(schema.notes.tag, 'a')).orderBy(schema.notes.id);
  expect(tagged).toEqual([
    { body: 'first', stars: 1 },
    { body: 'third', stars: 6 },
  ]);
  const viaRelational = await db.query.notes.findFirst({ where: eq(schema.notes.body, 'second') });
  expect(viaRelational).toMatchObject({ stars: 3, tag: null });
}

async function appliedMigrations(db: Database<typeof schema>): Promise<number> {
  const rows = await db.select({ count: sql<number>`count(*)::int` }).from(sql`drizzle.__drizzle_migrations`);
  return rows[0]?.count ?? 0;
}

describe('openDatabase on PostgreSQL', () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  const created: string[] = [];
  let url: string;

  /** A new, empty database; dropped after the suite. */
  async function freshDatabase(): Promise<string> {
    const name = `horde_service_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    created.push(name);
    return `postgres://postgres@127.0.0.1:5432/${name}`;
  }

  beforeAll(async () => {
    await admin.connect();
    url = await freshDatabase();
  });
  afterAll(async () => {
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('applies the migrations and runs the shared query code', async () => {
    const handle = await openDatabase({ url, schema, migrationsFolder, logger });
    try {
      expect(handle.kind).toBe('postgres');
      expect(await appliedMigrations(handle.db)).toBe(2);
      await exerciseNotes(handle.db);
    } finally {
      await handle.close();
    }
  });

  it('migrates once when several replicas open a new database together', async () => {
    const fresh = await freshDatabase();
    const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ url: fresh, schema, migrationsFolder, logger, poolMax: 1 })));
    try {
      expect(await appliedMigrations(handles[0]!.db)).toBe(2);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  });

  it('throws DB_CONNECT_FAILED, without credentials, when the server cannot be reached', async () => {
    const error = await openDatabase({ url: 'postgres://postgres:pw-secret@127.0.0.1:1/none', schema, migrationsFolder, logger }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'DB_CONNECT_FAILED', retryable: true, context: { host: '127.0.0.1:1' } });
    expect(JSON.stringify((error as { toJSON(): unknown }).toJSON())).not.toContain('pw-secret');
  });

  it('throws DB_MIGRATION_FAILED when a migration breaks', async () => {
    const broken = await brokenMigrations();
    try {
      const error = await openDatabase({ url, schema, migrationsFolder: broken, logger }).catch((err: unknown) => err);
      expect(error).toMatchObject({ code: 'DB_MIGRATION_FAILED', retryable: false });
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});

describe('openDatabase on PGlite', () => {
  it('applies the migrations in memory and runs the shared query code', async () => {
    const handle = await openDatabase({ schema, migrationsFolder, logger });
    try {
      expect(handle.kind).toBe('pglite');
      expect(await appliedMigrations(handle.db)).toBe(2);
      await exerciseNotes(handle.db);
    } finally {
      await handle.close();
    }
  });

  it('keeps data in a data directory across reopenings without migrating twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'horde-pglite-'));
    try {
      const first = await openDatabase({ pgliteDir: dir, schema, migrationsFolder, logger });
      await first.db.insert(schema.notes).values({ body: 'persisted' });
      await first.close();
      const second = await openDatabase({ pgliteDir: dir, schema, migrationsFolder, logger });
      try {
        expect(await appliedMigrations(second.db)).toBe(2);
        expect(await second.db.select({ body: schema.notes.body }).from(schema.notes)).toEqual([{ body: 'persisted' }]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('throws DB_MIGRATION_FAILED when a migration breaks', async () => {
    const broken = await brokenMigrations();
    try {
      await expect(openDatabase({ schema, migrationsFolder: broken, logger })).rejects.toMatchObject({ code: 'DB_MIGRATION_FAILED' });
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});

/** A migrations folder whose only migration is invalid SQL, dated after every real one (drizzle skips older ones). */
async function brokenMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'horde-broken-migrations-'));
  await mkdir(join(dir, 'meta'));
  await writeFile(join(dir, '0000_broken.sql'), 'CREATE TABLE oops (;');
  const journal = { version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: Date.now() * 2, tag: '0000_broken', breakpoints: true }] };
  await writeFile(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}
