/**
 * `pnpm bench:miner [--jobs N] [--warmup N] [--cold]` (`--cold`: no warm-spare executors): hello-world jobs through fake validator → miner →
 * process executor manager → executor → networkless container, against a bare
 * `docker run --rm --network none` of the same image measured in the same run, interleaved so that
 * the machine's noise hits both alike. Prints a markdown report for docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@horde/service';
import { TEST_WALLETS, bareDockerRun, benchArg, connectFakeValidator, createTestDatabase, ensureBusyboxImage, machineLine, percentile, requireDocker } from '@horde/testkit';
import type { FakeValidator } from '@horde/testkit';
import { buildMinerApp } from '../src/app';
import { openMinerDatabase } from '../src/db/database';
import { ValidatorsRepo } from '../src/db/validators';
import { createExecutorManager, ExecutorPool } from '../src/executor-managers';

const CLASS = 'always_on.test';
const STAGES = ['accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'finished', 'total'] as const;
type Stage = (typeof STAGES)[number];




async function hordeJob(validator: FakeValidator, image: string): Promise<Record<Stage, number>> {
  const t0 = performance.now();
  const initial = validator.sendInitialJob({ executorClass: CLASS, dockerImage: image });
  const jobUuid = initial.job_uuid;
  const at = async (type: Parameters<FakeValidator['next']>[0]) => {
    const message = await validator.next(type, 60_000, jobUuid);
    if (message.message_type !== type) throw new Error(`job ${jobUuid} ended with ${message.message_type}`);
    return validator.arrivedAt(message) ?? performance.now();
  };
  const accepted = await at('V0AcceptJobRequest');
  validator.sendAcceptedReceipt({ jobUuid });
  const ready = await at('V0ExecutorReadyRequest');
  validator.sendJobRequest({ jobUuid, executorClass: CLASS, dockerImage: image, cmd: ['echo', 'hello'] });
  const volumes = await at('V0VolumesReadyRequest');
  const done = await at('V0ExecutionDoneRequest');
  const finishedMessage = await validator.next('V0JobFinishedRequest', 60_000, jobUuid);
  const finished = validator.arrivedAt(finishedMessage) ?? performance.now();
  if (finishedMessage.docker_process_stdout !== 'hello\n') throw new Error('job printed the wrong stdout');
  validator.sendFinishedReceipt({ jobUuid, scoreStr: '1.000000' });
  return {
    accepted: accepted - t0,
    executor_ready: ready - accepted,
    volumes_ready: volumes - ready,
    execution_done: done - volumes,
    finished: finished - done,
    total: finished - t0,
  };
}

async function main(): Promise<void> {
  const jobs = benchArg('jobs', 30);
  const warmup = benchArg('warmup', 3);
  const warmSpares = !process.argv.includes('--cold');
  const logger = createLogger({ name: 'bench', level: 'warn' });
  const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
  // The process manager runs the one-file bundle when it exists: build it fresh so we measure HEAD.
  execFileSync('pnpm', ['--filter', '@horde/executor', 'bundle'], { cwd: repoRoot, stdio: 'ignore' });

  const docker = await requireDocker();
  const image = (await ensureBusyboxImage(docker)).tag;
  const testDb = await createTestDatabase({ prefix: 'horde_bench' });
  const database = await openMinerDatabase({ url: testDb.url, logger });
  await new ValidatorsRepo(database.db).add(TEST_WALLETS.validator.address, 'cli');
  const manager = createExecutorManager({ kind: 'process', manifest: { [CLASS]: 1 }, warmSpares, env: { EXECUTOR_NO_GPU: 'true', LOG_LEVEL: 'warn' } }, { logger, docker, hostEnv: process.env });
  const pool = new ExecutorPool(manager, { logger, cleanupIntervalMs: 50 });
  const app = buildMinerApp({ hotkey: TEST_WALLETS.miner, db: database.db, executors: pool, logger, startupTimeLimitS: 30 });
  const port = await app.listen('127.0.0.1', 0);
  const validator = await connectFakeValidator({ minerUrl: `ws://127.0.0.1:${port}`, validator: TEST_WALLETS.validator, minerHotkey: TEST_WALLETS.miner.address });
  await validator.authenticate(10_000);

  const baseline: number[] = [];
  const horde: Record<Stage, number[]> = Object.fromEntries(STAGES.map((s) => [s, []])) as unknown as Record<Stage, number[]>;
  const waitFree = async () => {
    while (pool.busyCount(CLASS) > 0) await new Promise((r) => setTimeout(r, 10));
  };
  try {
    for (let i = 0; i < warmup + jobs; i++) {
      const b = await bareDockerRun(image);
      await waitFree();
      const h = await hordeJob(validator, image);
      if (i < warmup) continue;
      baseline.push(b);
      for (const s of STAGES) horde[s].push(h[s]);
    }
  } finally {
    await validator.close();
    await app.close();
    await pool.close();
    await database.close();
    await testDb.drop();
  }

  const fmt = (v: number) => v.toFixed(0);
  const ratio = percentile(horde.total, 50) / percentile(baseline, 50);
  const lines = [
    `### bench:miner — ${new Date().toISOString().slice(0, 10)}`,
    '',
    await machineLine(),
    `${jobs} hello-world jobs (after ${warmup} warm-up), one at a time, interleaved with the baseline; image ${image}; warm spares ${warmSpares ? 'on' : 'off'}.`,
    '',
    '| stage | p50 ms | p99 ms |',
    '|---|---|---|',
    ...STAGES.map((s) => `| ${s === 'total' ? '**end to end**' : s} | ${fmt(percentile(horde[s], 50))} | ${fmt(percentile(horde[s], 99))} |`),
    `| baseline \`docker run --rm --network none\` | ${fmt(percentile(baseline, 50))} | ${fmt(percentile(baseline, 99))} |`,
    '',
    `Ratio end to end / baseline (p50): **${ratio.toFixed(2)}** (goal ≤ 1.3).`,
  ];
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
