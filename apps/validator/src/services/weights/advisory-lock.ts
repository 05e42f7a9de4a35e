/**
 * A PostgreSQL session advisory lock around a task, so that one validator process at a time sets
 * weights. On PostgreSQL the lock is held by one pooled connection for the task's duration (the
 * task's own queries use the pool, so what it writes is committed as it goes); PGlite is a single
 * connection in a single process, where the same SQL simply runs on it.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { ValidatorDb } from '../../db/database';

/** Two-int advisory lock keys: a class ("WGHT") and an id (the netuid). */
export type AdvisoryKey = readonly [number, number];

export const WEIGHT_SETTING_LOCK_CLASS = 0x57474854;

export type Locked<T> = { readonly acquired: true; readonly value: T } | { readonly acquired: false };

function poolOf(db: ValidatorDb): pg.Pool | undefined {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : undefined;
}

/** Runs `task` if the lock is free (without waiting for it); `acquired: false` when another holder has it. */
export async function withAdvisoryLock<T>(db: ValidatorDb, key: AdvisoryKey, task: () => Promise<T>): Promise<Locked<T>> {
  const [classId, id] = key;
  const pool = poolOf(db);
  if (pool === undefined) {
    const result = (await db.execute(sql`select pg_try_advisory_lock(${classId}::int, ${id}::int) as ok`)) as { rows: Array<{ ok: boolean }> };
    if (!result.rows[0]?.ok) return { acquired: false };
    try {
      return { acquired: true, value: await task() };
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${classId}::int, ${id}::int)`);
    }
  }
  const connection = await pool.connect();
  let healthy = true;
  try {
    const result = await connection.query<{ ok: boolean }>('select pg_try_advisory_lock($1::int, $2::int) as ok', [classId, id]);
    if (!result.rows[0]?.ok) return { acquired: false };
    try {
      return { acquired: true, value: await task() };
    } finally {
      await connection.query('select pg_advisory_unlock($1::int, $2::int)', [classId, id]).catch(() => {
        healthy = false; // a broken connection is destroyed below, which frees its locks
      });
    }
  } finally {
    connection.release(!healthy);
  }
}
