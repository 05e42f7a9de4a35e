/**
 * The executor process: started by the miner for exactly one job (directly, or as a warm spare
 * that waits for its job on stdin, see assignment.ts). Exit code 0 when the job's
 * outcome (success or failure) was reported to the miner, 1 when it could not be, 2 when the
 * environment is invalid.
 */
import Docker from 'dockerode';
import { createLogger, createShutdown } from '@horde/service';
import { executorEnv, loadEnv } from './env';
import type { ExecutorEnv } from './env';
import { runExecutor } from './run';
import { readAssignment, WARM_SPARE_VAR } from './assignment';

async function main(): Promise<number> {
  let env: ExecutorEnv;
  let source: Record<string, string | undefined> = process.env;
  if (process.env[WARM_SPARE_VAR] === 'true') {
    try {
      const assignment = await readAssignment(process.stdin);
      if (!assignment) return 0; // discarded before it got a job
      source = { ...process.env, ...assignment };
    } catch (err) {
      console.error(err instanceof Error ? err.message : err);
      return 2;
    }
  }
  try {
    env = loadEnv(source);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 2;
  }
  const logger = createLogger({ name: 'executor', level: env.LOG_LEVEL, secrets: executorEnv.secrets });
  const docker = new Docker({ socketPath: env.EXECUTOR_DOCKER_HOST });
  const stop = new AbortController();
  const shutdown = createShutdown(logger, { timeoutMs: 30_000, exit: false });
  const running = runExecutor(env, { docker, logger, signal: stop.signal });
  // SIGTERM / SIGINT: stop the job, report if still possible, clean up, then exit.
  shutdown.onShutdown('job', async () => {
    stop.abort();
    await running;
  });
  const report = await running;
  shutdown.dispose();
  return report.outcome === 'unreported' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
