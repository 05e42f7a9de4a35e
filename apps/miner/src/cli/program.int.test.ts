import { randomUUID } from 'node:crypto';
import { CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { openMinerDatabase } from '../db/database';
import type { MinerDatabaseHandle } from '../db/database';
import { JobsRepo } from '../db/jobs';
import { acceptedJobs } from '../db/schema';
import { ValidatorsRepo } from '../db/validators';
import { logger, minerTemplate } from '../test-support/harness';
import { buildCli } from './program';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_cli' });
let database: MinerDatabaseHandle;
const seeded = { finished: randomUUID(), failed: randomUUID(), running: randomUUID() };

beforeAll(async () => {
  database = await openMinerDatabase({ url: db.url, logger });
  const base = Date.parse('2026-01-21T10:00:00Z');
  const row = (jobUuid: string, status: 'FINISHED' | 'FAILED' | 'RUNNING', minutes: number) => ({
    jobUuid,
    status,
    validatorHotkey: TEST_WALLETS.validator.address,
    executorToken: `${jobUuid}-${randomUUID()}`,
    executorClass: 'always_on.test',
    initialJobDetails: {},
    receivedAt: new Date(base + minutes * 60_000),
    createdAt: new Date(base + minutes * 60_000),
    ...(status === 'RUNNING' ? {} : { finishedAt: new Date(base + minutes * 60_000 + 12_500) }),
    ...(status === 'FAILED' ? { errorType: 'executor_disconnected' } : {}),
  });
  await database.db.insert(acceptedJobs).values([row(seeded.finished, 'FINISHED', 1), row(seeded.failed, 'FAILED', 2), row(seeded.running, 'RUNNING', 3)]);
});
afterAll(async () => {
  await database.close();
});

/** Runs one command line; resolves with what it printed. */
async function run(...args: string[]): Promise<string> {
  const out: string[] = [];
  const program = buildCli({
    print: (text) => out.push(text),
    printError: (text) => out.push(text),
    open: async () => ({ jobs: new JobsRepo(database.db), validators: new ValidatorsRepo(database.db), close: async () => {} }),
  });
  await program.parseAsync(args, { from: 'user' });
  return out.join('\n');
}

describe('horde-miner jobs', () => {
  it('prints the accepted jobs as a table, newest first', async () => {
    const lines = (await run('jobs')).split('\n');
    expect(lines[0]).toMatch(/^JOB UUID\s+STATUS\s+EXECUTOR CLASS\s+VALIDATOR\s+RECEIVED \(UTC\)\s+TOOK\s+ERROR$/);
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
    expect(lines.slice(2).map((line) => line.split(/\s+/)[0])).toEqual([seeded.running, seeded.failed, seeded.finished]);
    expect(lines[3]).toContain('FAILED');
    expect(lines[3]).toContain('2026-01-21 10:02:00');
    expect(lines[3]).toContain('12.5s');
    expect(lines[3]).toContain('executor_disconnected');
  });

  it('filters by status and limits the count', async () => {
    const failed = (await run('jobs', '--status', 'FAILED')).split('\n').slice(2);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain(seeded.failed);
    expect((await run('jobs', '--limit', '2')).split('\n').slice(2)).toHaveLength(2);
  });

  it('refuses an unknown status', async () => {
    await expect(run('jobs', '--status', 'DONE')).rejects.toBeInstanceOf(CommanderError);
  });
});

describe('horde-miner validators', () => {
  const hotkey = TEST_WALLETS.validator3.address;

  it('adds, lists, blacklists and removes a validator', async () => {
    expect(await run('validators', 'add', hotkey)).toBe(`validator ${hotkey} added (source cli)`);
    const listed = (await run('validators', 'list')).split('\n');
    expect(listed[0]).toMatch(/^HOTKEY\s+ACTIVE\s+SOURCE\s+BLACKLISTED\s+ADDED \(UTC\)$/);
    expect(listed.find((line) => line.startsWith(hotkey))).toMatch(/\byes\s+cli\s+no\b/);

    await run('validators', 'blacklist', hotkey, '--reason', 'spam');
    expect((await run('validators', 'list')).split('\n').find((line) => line.startsWith(hotkey))).toMatch(/\bcli\s+yes\b/);
    expect(await run('validators', 'unblacklist', hotkey)).toBe(`validator ${hotkey} unblacklisted`);

    expect(await run('validators', 'remove', hotkey)).toBe(`validator ${hotkey} removed`);
    expect(await run('validators', 'list')).not.toContain(hotkey);
    expect(await run('validators', 'remove', hotkey)).toBe(`validator ${hotkey} was not in the list`);
  });

  it('refuses something that is not an ss58 hotkey', async () => {
    await expect(run('validators', 'add', 'not-a-hotkey')).rejects.toBeInstanceOf(CommanderError);
    expect(await new ValidatorsRepo(database.db).find('not-a-hotkey')).toBeUndefined();
  });
});
