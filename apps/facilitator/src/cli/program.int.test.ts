import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@horde/testkit/vitest';
import { openFacilitatorDatabase } from '../db/database';
import type { FacilitatorDatabaseHandle } from '../db/database';
import { ValidatorsRepo } from '../db/validators';
import { WhitelistRepo } from '../db/whitelist';
import { facilitatorTemplate, logger } from '../test-support/harness';
import { runCli } from './program';

const run_ = promisify(execFile);
const database = useTestDatabase({ template: facilitatorTemplate });
let handle: FacilitatorDatabaseHandle;

beforeAll(async () => {
  handle = await openFacilitatorDatabase({ url: database.url, logger });
});
afterAll(async () => {
  await handle?.close();
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
    open: async () => ({ validators: new ValidatorsRepo(handle.db), whitelist: new WhitelistRepo(handle.db), close: async () => undefined }),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('horde-facilitator CLI', () => {
  it('adds, lists and deactivates validators', async () => {
    expect(await run('validators', 'add', 'hk1', 'hk2')).toMatchObject({ code: 0, out: 'validator hk1 active\nvalidator hk2 active' });
    expect((await run('validators', 'remove', 'hk1')).code).toBe(0);
    expect(await new ValidatorsRepo(handle.db).find('hk1')).toMatchObject({ active: false });
    expect((await run('validators', 'list')).out).toMatch(/^hk1\tinactive\tnever seen\nhk2\tactive\tnever seen$/);
    expect(await run('validators', 'remove', 'nobody')).toMatchObject({ code: 1, err: 'validator nobody is unknown' });
  });

  it('adds, lists and removes whitelisted hotkeys', async () => {
    expect((await run('whitelist', 'add', 'user1')).code).toBe(0);
    expect(await new WhitelistRepo(handle.db).has('user1')).toBe(true);
    expect((await run('whitelist', 'list')).out).toMatch(/^user1\t.*\tcli$/);
    expect(await run('whitelist', 'remove', 'user1')).toMatchObject({ code: 0 });
    expect(await new WhitelistRepo(handle.db).has('user1')).toBe(false);
    expect(await run('whitelist', 'remove', 'user1')).toMatchObject({ code: 1 });
  });

  it('runs as the horde-facilitator binary against DATABASE_URL', async () => {
    const bin = fileURLToPath(new URL('../../bin/horde-facilitator.mjs', import.meta.url));
    const { stdout } = await run_(process.execPath, [bin, 'whitelist', 'add', 'binary-user'], { env: { ...process.env, DATABASE_URL: database.url } });
    expect(stdout).toBe('whitelisted binary-user\n');
    expect(await new WhitelistRepo(handle.db).has('binary-user')).toBe(true);
  }, 30_000);

  it('prints usage: exit 0 when asked, 2 for a bad command', async () => {
    expect(await run('--help')).toMatchObject({ code: 0, out: expect.stringContaining('usage: horde-facilitator') });
    expect(await run('validators', 'add')).toMatchObject({ code: 2, err: expect.stringContaining('usage') });
    expect(await run('jobs', 'list')).toMatchObject({ code: 2 });
  });
});
