import type { ExecutorStartSpec } from './types';

/** Host variables every process executor gets when the host has them: enough to find node and Docker. */
export const BASE_PASS_ENV: readonly string[] = ['PATH', 'HOME', 'TMPDIR', 'DOCKER_HOST'];

/**
 * The executor's own variables (see apps/executor's env), over `extra`: the spec always wins, so a
 * configured variable can never redirect an executor to another miner or token.
 */
export function executorEnv(spec: ExecutorStartSpec, extra: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...extra,
    EXECUTOR_MINER_ADDRESS: spec.minerAddress,
    EXECUTOR_TOKEN: spec.token,
    EXECUTOR_STARTUP_TIME_LIMIT_S: String(spec.startupTimeLimitS),
  };
}

/** The named variables that `hostEnv` defines; nothing else of the miner's environment. */
export function passThrough(names: readonly string[], hostEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = hostEnv[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/**
 * The executor reads its engine from EXECUTOR_DOCKER_HOST (a socket path), not DOCKER_HOST: a host
 * DOCKER_HOST naming a unix socket is translated, so that the executor uses the miner's engine.
 */
export function dockerHostFor(hostEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const dockerHost = hostEnv.DOCKER_HOST;
  return dockerHost?.startsWith('unix://') ? { EXECUTOR_DOCKER_HOST: dockerHost } : {};
}
