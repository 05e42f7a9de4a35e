import { executorClassSpec } from '@horde/protocol';

/**
 * The validator's side of the time limits (reference §1.5). Defaults are the reference's dynamic
 * config defaults; tests shorten them.
 */
export interface MinerClientLimits {
  /** TCP connect + WebSocket handshake with the miner. */
  readonly connectMs: number;
  /** Time for accept/decline after V0InitialJobRequest (`DYNAMIC_EXECUTOR_RESERVATION_TIME_LIMIT`). */
  readonly reservationS: number;
  /** Added to the class's spin-up time to wait for executor readiness (`DYNAMIC_EXECUTOR_STARTUP_TIME_LIMIT`). */
  readonly executorStartupS: number;
  /** Leeway at the start of the cumulative deadline (`DYNAMIC_ORGANIC_JOB_ALLOWED_LEEWAY_TIME`). */
  readonly leewayS: number;
  /** Spin-up time of a class; the protocol's class table, else the slowest class's 240 s. */
  readonly spinUpS: (executorClass: string) => number;
}

export const DEFAULT_MINER_CLIENT_LIMITS: MinerClientLimits = {
  connectMs: 5_000,
  reservationS: 7,
  executorStartupS: 5,
  leewayS: 5,
  spinUpS: (executorClass) => executorClassSpec(executorClass)?.spinUpTimeSec ?? 240,
};

/** Seconds to wait for executor readiness after acceptance. */
export function readinessS(limits: MinerClientLimits, executorClass: string): number {
  return limits.spinUpS(executorClass) + limits.executorStartupS;
}
