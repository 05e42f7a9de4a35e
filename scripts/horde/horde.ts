/**
 * The local horde: `pnpm horde up` starts a facilitator, a validator, a miner (process executor
 * manager) and an S3 server and keeps them running; `pnpm demo` does the same, runs a hello-world
 * job through facilitator → validator → miner → executor → container with the SDK, prints the
 * result and its artifact, and stops everything (exit 0 only when the job completed as expected).
 * Ctrl-C stops everything cleanly.
 */
import { join } from 'node:path';
import { runDemoJob } from './demo-job';
import { ROOT, startLocalHorde } from './local-horde';

const mode = process.argv[2] === 'up' ? 'up' : process.argv[2] === 'demo' ? 'demo' : undefined;
const say = (line: string) => console.log(`horde ▸ ${line}`);

async function main(): Promise<number> {
  // The AWS SDK (s3rver's client) warns about Node 20 on every start; the local horde supports it.
  process.removeAllListeners('warning');
  if (!mode) {
    console.error('usage: pnpm horde up | pnpm demo');
    return 2;
  }
  const stops: Array<() => Promise<void>> = [];
  // One stop for everyone (signal handler, normal end): a second caller waits for the first.
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    })());
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  try {
    const horde = await startLocalHorde({ home: join(ROOT, '.horde', mode), fresh: mode === 'demo', say }, stops);
    if (mode === 'demo') {
      const ok = await runDemoJob({ facilitatorUrl: horde.facilitatorUrl, user: horde.user, validatorHotkey: horde.validatorHotkey, image: horde.image, s3: horde.s3, say });
      return ok ? 0 : 1;
    }
    say('the horde is running. Submit jobs with the SDK or the CLI, e.g.:');
    console.log(
      `  HORDE_FACILITATOR_URL=${horde.facilitatorUrl} HORDE_WALLET=${join(horde.wallets, 'user', 'hotkeys', 'default')} HORDE_VALIDATOR=${horde.validatorHotkey} \\\n` +
        `    pnpm --filter @horde/sdk exec horde job run --image ${horde.image} --executor-class always_on.test -- echo hello`,
    );
    console.log(`  validator admin API: ${horde.adminUrl}/admin/v1/ (Authorization: Bearer ${horde.adminToken})`);
    say('Ctrl-C stops everything');
    const first = await Promise.race(horde.services.map((s) => s.exited.then((code) => ({ name: s.name, code }))));
    if (stopping) return 130; // Ctrl-C: the services are being stopped on purpose
    console.error(`horde ▸ ${first.name} exited with code ${first.code}; stopping (its log: ${join(horde.logDir, `${first.name}.log`)})`);
    return 1;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`horde ▸ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
