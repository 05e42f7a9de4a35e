import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testkitErrors } from './errors';
import { createTemplate, createTestDatabase, DEFAULT_ADMIN_URL, dropTemplate } from './postgres';

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function exists(name: string): Promise<boolean> {
  const rows = await query(DEFAULT_ADMIN_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

describe('createTestDatabase', () => {
  it('creates a usable database, isolated from another one, and drop() removes it', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    try {
      expect(a.name).toMatch(/^horde_test_[0-9a-f]{12}$/);
      expect(a.name).not.toBe(b.name);
      expect(new URL(a.url).pathname).toBe(`/${a.name}`);

      await query(a.url, 'CREATE TABLE t (v text)');
      await query(a.url, 'INSERT INTO t VALUES ($1)', ['in a']);
      expect(await query(a.url, 'SELECT v FROM t')).toEqual([{ v: 'in a' }]);
      const inB = await query<{ t: string | null }>(b.url, "SELECT to_regclass('public.t')::text AS t");
      expect(inB).toEqual([{ t: null }]);
    } finally {
      await a.drop();
      await b.drop();
    }
    expect(await exists(a.name)).toBe(false);
    expect(await exists(b.name)).toBe(false);
  });

  it('drops a database that still has open connections, and drop() twice is harmless', async () => {
    const db = await createTestDatabase({ prefix: 'horde_test_open' });
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined); // the forced drop terminates this session
    await client.connect();
    await db.drop();
    await db.drop();
    expect(await exists(db.name)).toBe(false);
    await client.end().catch(() => undefined);
  });

  it('refuses names that are not plain identifiers', async () => {
    const err = await createTestDatabase({ prefix: 'bad"; DROP' }).catch((e: unknown) => e);
    expect(testkitErrors.is(err, 'DATABASE_FAILED')).toBe(true);
  });
});

describe('createTemplate', () => {
  const template = `horde_test_tpl_${randomBytes(4).toString('hex')}`;
  afterAll(() => dropTemplate(template));

  it('migrates once under concurrent callers, and clones carry the schema and data independently', async () => {
    let migrations = 0;
    const migrate = async (url: string): Promise<void> => {
      migrations++;
      await query(url, 'CREATE TABLE seed (v int)');
      await query(url, 'INSERT INTO seed VALUES (1)');
    };
    const names = await Promise.all([createTemplate(template, migrate), createTemplate(template, migrate)]);
    expect(names).toEqual([template, template]);
    expect(migrations).toBe(1);

    const one = await createTestDatabase({ template });
    const two = await createTestDatabase({ template });
    try {
      await query(one.url, 'INSERT INTO seed VALUES (2)');
      expect(await query(one.url, 'SELECT v FROM seed ORDER BY v')).toEqual([{ v: 1 }, { v: 2 }]);
      expect(await query(two.url, 'SELECT v FROM seed ORDER BY v')).toEqual([{ v: 1 }]);
    } finally {
      await one.drop();
      await two.drop();
    }
  });

  it('rebuilds a template left half-built, and leaves nothing behind when migration fails', async () => {
    const name = `horde_test_tpl_${randomBytes(4).toString('hex')}`;
    const failing = createTemplate(name, () => Promise.reject(new Error('bad migration')));
    await expect(failing).rejects.toSatisfy((e: unknown) => testkitErrors.is(e, 'DATABASE_FAILED'));
    expect(await exists(name)).toBe(false);

    await query(DEFAULT_ADMIN_URL, `CREATE DATABASE ${name}`); // as if a run crashed mid-migration
    await createTemplate(name, (url) => query(url, 'CREATE TABLE fresh (v int)').then(() => undefined));
    const clone = await createTestDatabase({ template: name });
    try {
      expect(await query(clone.url, "SELECT to_regclass('public.fresh')::text AS t")).toEqual([{ t: 'fresh' }]);
    } finally {
      await clone.drop();
      await dropTemplate(name);
    }
    expect(await exists(name)).toBe(false);
  });
});
