/**
 * A stand-in for the executor in tests of the executor managers: connects nowhere.
 *   STANDIN_REPORT=1          once ready, writes {env, dockerSocket} to $TMPDIR/standin-<EXECUTOR_TOKEN>.json
 *   STANDIN_EXIT_CODE=<n>     then exits with n; without it, runs until signalled
 *   STANDIN_IGNORE_SIGTERM=1  ignores SIGTERM (to show that kill escalates to SIGKILL)
 * It prints one pino-style JSON line on stdout and one plain line on stderr.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.on('SIGTERM', () => {
  if (process.env.STANDIN_IGNORE_SIGTERM === '1') return;
  process.exit(143);
});

console.log(JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, stage: 'startup', msg: 'stand-in executor started' }));
console.error('stand-in executor has no miner to talk to');

if (process.env.STANDIN_REPORT === '1') {
  const path = join(tmpdir(), `standin-${process.env.EXECUTOR_TOKEN ?? 'none'}.json`);
  writeFileSync(`${path}.part`, JSON.stringify({ env: process.env, dockerSocket: existsSync('/var/run/docker.sock') }));
  renameSync(`${path}.part`, path);
}

if (process.env.STANDIN_EXIT_CODE !== undefined) process.exit(Number(process.env.STANDIN_EXIT_CODE));
setInterval(() => undefined, 60_000);
