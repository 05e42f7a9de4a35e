import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from './vitest';

async function currentDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
  } finally {
    await client.end();
  }
}

describe('useTestDatabase', () => {
  const perFile = useTestDatabase();
  const perTest = useTestDatabase({ scope: 'test', prefix: 'horde_test_each' });
  const seen: string[] = [];

  it('gives a live database for the file and a fresh one per test (1)', async () => {
    expect(await currentDatabase(perFile.url)).toBe(perFile.name);
    expect(await currentDatabase(perTest.url)).toBe(perTest.name);
    seen.push(perTest.name);
  });

  it('gives a live database for the file and a fresh one per test (2)', async () => {
    expect(perTest.name).toMatch(/^horde_test_each_/);
    expect(seen).not.toContain(perTest.name);
  });
});

describe('useTestDatabase read too early', () => {
  const db = useTestDatabase({ scope: 'test' });
  let early: unknown;
  try {
    early = db.url; // collection time: no database yet
  } catch (err) {
    early = err;
  }
  it('throws at collection time and is readable inside the test', () => {
    expect(early).toBeInstanceOf(Error);
    expect(db.url).toContain(db.name);
  });
});
