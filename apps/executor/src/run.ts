import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { serviceErrors } from '@horde/service';
import { Deadline } from './driver/deadline';
import { JobDriver } from './driver/job-driver';
import type { DriverConfig, DriverReport } from './driver/job-driver';
import { connectMiner } from './driver/miner-link';
import type { MinerLink } from './driver/miner-link';
import type { ExecutorEnv } from './env';

/** The driver's settings from the executor's environment. */
export function driverConfig(env: ExecutorEnv): DriverConfig {
  return {
    token: env.EXECUTOR_TOKEN,
    startupTimeLimitS: env.EXECUTOR_STARTUP_TIME_LIMIT_S,
    tempRoot: env.EXECUTOR_TEMP_ROOT,
    noGpu: env.EXECUTOR_NO_GPU,
    ...(env.HF_ACCESS_TOKEN ? { hfToken: env.HF_ACCESS_TOKEN } : {}),
    ...(env.EXECUTOR_HF_ENDPOINT ? { hfEndpoint: env.EXECUTOR_HF_ENDPOINT } : {}),
    limits: {
      memoryBytes: env.EXECUTOR_JOB_MEMORY_BYTES,
      pids: env.EXECUTOR_JOB_PIDS,
      nanoCpus: env.EXECUTOR_JOB_NANO_CPUS,
      logBytes: env.EXECUTOR_JOB_LOG_BYTES,
    },
    securityChecks: env.EXECUTOR_SECURITY_CHECK_IMAGES ?? [],
    ...(env.EXECUTOR_CLEANUP_IMAGE ? { cleanupImage: env.EXECUTOR_CLEANUP_IMAGE } : {}),
  };
}

export interface RunExecutorDeps {
  docker: Docker;
  logger: Logger;
  /** Aborting it stops the job (see JobDriver). */
  signal?: AbortSignal;
}

/**
 * The executor's whole life: dial the miner (retrying within the startup time limit), drive the
 * one job, clean up. Resolves with the job's report; `outcome: 'unreported'` when the miner could
 * not be told how the job ended (unreachable, gone, or never sent the job).
 */
export async function runExecutor(env: ExecutorEnv, deps: RunExecutorDeps): Promise<DriverReport> {
  const startedAt = Date.now();
  const startup = new Deadline(env.EXECUTOR_STARTUP_TIME_LIMIT_S);
  const log = deps.logger.child({ component: 'executor' });
  let link: MinerLink;
  try {
    link = await dial(env, startup, deps.logger);
  } catch (err) {
    log.error({ err, outcome: 'unreported', duration_ms: Date.now() - startedAt }, 'could not reach the miner');
    return { outcome: 'unreported', jobUuid: undefined, durationMs: Date.now() - startedAt, stages: {} };
  }
  return new JobDriver({ docker: deps.docker, logger: deps.logger, config: driverConfig(env), link, startup, ...(deps.signal ? { signal: deps.signal } : {}) }).run();
}

/** Connects, retrying refused or failed attempts with a short back-off until the startup deadline. */
async function dial(env: ExecutorEnv, startup: Deadline, logger: Logger): Promise<MinerLink> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectMiner({ minerAddress: env.EXECUTOR_MINER_ADDRESS, token: env.EXECUTOR_TOKEN, logger, connectTimeoutMs: Math.max(1, startup.remainingMs()) });
    } catch (err) {
      const backoffMs = Math.min(100 * 2 ** attempt, 1_000);
      if (!serviceErrors.is(err, 'SOCKET_CONNECT_FAILED') || startup.remainingMs() <= backoffMs) throw err;
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
    }
  }
}
