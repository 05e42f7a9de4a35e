import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/*
 * The README's main command, as a newcomer runs it (minus the installs): a whole local horde with
 * its own processes, PGlite databases and Redis, and a hello-world job submitted with the SDK.
 */
describe('pnpm demo', () => {
  it('runs the hello-world job through facilitator, validator, miner and executor, and stops everything', async () => {
    // As on a newcomer's machine: no REDIS_URL / DATABASE_URL, so embedded PGlite and a redis-server child.
    const env = Object.fromEntries(Object.entries({ ...process.env, LOG_LEVEL: 'warn' }).filter(([name]) => name !== 'REDIS_URL' && name !== 'DATABASE_URL'));
    const { stdout } = await run('pnpm', ['--silent', 'demo'], { cwd: ROOT, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });

    for (const stage of ['sent', 'received', 'accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'completed']) {
      expect(stdout).toMatch(new RegExp(`s\\s+${stage}\\n`));
    }
    expect(stdout).toContain('artifact: /artifacts/stuff = "Hello, Chester Tester!\\n"');
    expect(stdout).toContain('uploaded: s3://horde-demo/result.txt = "greetings from an input volume\\n"');
    expect(stdout).toContain('the job completed as expected');
    const { stdout: leftovers } = await run('ps', ['-eo', 'args']);
    expect(leftovers).not.toMatch(/--import tsx apps\/(miner|validator|facilitator)\/src\/main\.ts/);
  }, 300_000);
});
