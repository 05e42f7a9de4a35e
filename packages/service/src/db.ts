import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { serviceErrors } from './errors';
import type { Logger } from './logger';

/** The database type app code uses, whichever driver is underneath. */
export type Database<TSchema extends Record<string, unknown> = Record<string, never>> = PgDatabase<PgQueryResultHKT, TSchema>;

export interface OpenDatabaseOptions<TSchema extends Record<string, unknown>> {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  readonly url?: string;
  /** PGlite data directory; in memory when absent. Ignored when `url` is given. */
  readonly pgliteDir?: string;
  /** Drizzle schema (tables and relations), for typed relational queries. */
  readonly schema: TSchema;
  /** Folder of drizzle-kit migrations, applied at open. */
  readonly migrationsFolder: string;
  readonly logger: Logger;
  /** Most connections in the PostgreSQL pool; 10 by default, 2 at least. */
  readonly poolMax?: number;
}

export interface DatabaseHandle<TSchema extends Record<string, unknown>> {
  readonly db: Database<TSchema>;
  readonly kind: 'postgres' | 'pglite';
  /** Closes the pool or the PGlite instance. */
  close(): Promise<void>;
}

/** Where an app's database lives: PostgreSQL at `url`, else PGlite (in `pgliteDir`, or in memory). */
export type AppDatabaseOptions = Pick<OpenDatabaseOptions<Record<string, never>>, 'url' | 'pgliteDir' | 'logger' | 'poolMax'>;

/**
 * An app's `openXDatabase`: its schema and migrations bound once, the location left to the caller.
 */
export function databaseOpener<TSchema extends Record<string, unknown>>(schema: TSchema, migrationsFolder: string): (options: AppDatabaseOptions) => Promise<DatabaseHandle<TSchema>> {
  return (options) => openDatabase({ ...options, schema, migrationsFolder });
}

/** Advisory lock key held while migrating, so that replicas starting together migrate one at a time. */
const MIGRATION_LOCK_KEY = 0x484f5244; // "HORD"

/**
 * Opens the app database and brings its schema up to date: node-postgres when `url` is given, PGlite
 * (the embedded default of the local horde) otherwise. Throws DB_CONNECT_FAILED when the database
 * cannot be reached and DB_MIGRATION_FAILED when a migration fails; nothing is left open then.
 */
export async function openDatabase<TSchema extends Record<string, unknown>>(options: OpenDatabaseOptions<TSchema>): Promise<DatabaseHandle<TSchema>> {
  const log = options.logger.child({ component: 'db' });
  const startedAt = Date.now();
  const handle = options.url === undefined ? await openPglite(options) : await openPostgres(options.url, options, log);
  log.info({ kind: handle.kind, duration_ms: Date.now() - startedAt }, 'database ready');
  return handle;
}

async function openPostgres<TSchema extends Record<string, unknown>>(url: string, options: OpenDatabaseOptions<TSchema>, log: Logger): Promise<DatabaseHandle<TSchema>> {
  // At least 2: one connection holds the migration lock while drizzle migrates on another.
  const pool = new pg.Pool({ connectionString: url, max: Math.max(2, options.poolMax ?? 10) });
  // An idle client losing its connection emits on the pool; unhandled, that would kill the process.
  pool.on('error', (err) => log.error({ err }, 'idle database connection failed'));
  const host = safeHost(url);
  let lockClient: pg.PoolClient;
  try {
    lockClient = await pool.connect();
  } catch (cause) {
    await pool.end();
    throw serviceErrors.error('DB_CONNECT_FAILED', `postgres at ${host}`, { cause, context: { host } });
  }
  const db = drizzlePg({ client: pool, schema: options.schema });
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(db, { migrationsFolder: options.migrationsFolder });
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    lockClient.release();
  } catch (cause) {
    lockClient.release(true);
    await pool.end();
    throw serviceErrors.error('DB_MIGRATION_FAILED', options.migrationsFolder, { cause, context: { host } });
  }
  return { db, kind: 'postgres', close: () => pool.end() };
}

async function openPglite<TSchema extends Record<string, unknown>>(options: OpenDatabaseOptions<TSchema>): Promise<DatabaseHandle<TSchema>> {
  let client: PGlite;
  try {
    if (options.pgliteDir && !options.pgliteDir.includes('://')) mkdirSync(options.pgliteDir, { recursive: true });
    client = new PGlite(options.pgliteDir);
    await client.waitReady;
  } catch (cause) {
    throw serviceErrors.error('DB_CONNECT_FAILED', `pglite at ${options.pgliteDir ?? 'memory'}`, { cause });
  }
  const db = drizzlePglite({ client, schema: options.schema });
  try {
    await migratePglite(db, { migrationsFolder: options.migrationsFolder });
  } catch (cause) {
    await client.close();
    throw serviceErrors.error('DB_MIGRATION_FAILED', options.migrationsFolder, { cause });
  }
  return { db, kind: 'pglite', close: () => client.close() };
}

/** Host and port of a connection string, never its credentials. */
function safeHost(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return '(unparsable url)';
  }
}
