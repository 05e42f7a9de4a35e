import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testkitErrors } from './errors';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of the new database (same server and credentials as the admin URL). */
  readonly url: string;
  readonly name: string;
  /** Drops the database, closing any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  adminUrl?: string;
  /** Start of the database name; a random suffix is appended. */
  prefix?: string;
  /** Clone this database (see `createTemplate`) instead of starting empty. */
  template?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** SQLSTATE 55006: the template still has a session open (e.g. a pool that is closing). */
const OBJECT_IN_USE = '55006';

/** Creates a uniquely named database, empty or cloned from `template`. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const { adminUrl = DEFAULT_ADMIN_URL, prefix = 'horde_test', template } = options;
  const name = safeIdentifier(`${prefix}_${randomBytes(6).toString('hex')}`);
  const sql = `CREATE DATABASE ${name}${template ? ` TEMPLATE ${safeIdentifier(template)}` : ''}`;
  await withAdmin(adminUrl, async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(sql);
        return;
      } catch (err) {
        if (sqlState(err) !== OBJECT_IN_USE || attempt >= 50) {
          throw testkitErrors.error('DATABASE_FAILED', `create ${name}`, { cause: err, context: { template } });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}

/**
 * Makes `name` a migrated template database, once: concurrent callers (other test files) wait on an
 * advisory lock, and a finished template (marked `IS_TEMPLATE`) is reused as is. A half-built one left
 * by a crash is rebuilt. Put a fingerprint of the migrations in `name` so that a schema change gets a
 * new template instead of a stale one. `migrate` must close its connections before it resolves.
 */
export async function createTemplate(name: string, migrate: (url: string) => Promise<void>, options: { adminUrl?: string } = {}): Promise<string> {
  const { adminUrl = DEFAULT_ADMIN_URL } = options;
  const id = safeIdentifier(name);
  await withAdmin(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`horde-testkit-template:${id}`]);
    try {
      const { rows } = await admin.query<{ datistemplate: boolean }>('SELECT datistemplate FROM pg_database WHERE datname = $1', [id]);
      if (rows[0]?.datistemplate) return;
      if (rows[0]) await admin.query(`DROP DATABASE ${id} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${id}`);
      try {
        await migrate(databaseUrl(adminUrl, id));
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
        throw testkitErrors.error('DATABASE_FAILED', `migrate template ${id}`, { cause: err });
      }
      await admin.query(`ALTER DATABASE ${id} WITH IS_TEMPLATE true`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [`horde-testkit-template:${id}`]);
    }
  });
  return id;
}

/** Drops a template made by `createTemplate` (templates cannot be dropped until unmarked). */
export async function dropTemplate(name: string, options: { adminUrl?: string } = {}): Promise<void> {
  const { adminUrl = DEFAULT_ADMIN_URL } = options;
  const id = safeIdentifier(name);
  await withAdmin(adminUrl, async (admin) => {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [id]);
    if (!rowCount) return;
    await admin.query(`ALTER DATABASE ${id} WITH IS_TEMPLATE false`);
    await admin.query(`DROP DATABASE ${id} WITH (FORCE)`);
  });
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withAdmin<T>(adminUrl: string, use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw testkitErrors.error('DATABASE_FAILED', `connect to ${redact(adminUrl)}`, { cause: err });
  }
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

/** Names are interpolated into DDL, so only plain lower-case identifiers are accepted. */
function safeIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw testkitErrors.error('DATABASE_FAILED', `unsafe database name ${JSON.stringify(name)}: use [a-z0-9_], at most 63 characters`);
  }
  return name;
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function sqlState(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}
