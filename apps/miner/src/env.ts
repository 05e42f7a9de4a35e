import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { HotkeyLocation } from '@horde/hotkey';
import { defineEnv } from '@horde/service';
import type { EnvSource } from '@horde/service';
import { minerErrors } from './errors';
import { ExecutorManagerConfig } from './executor-managers';
import type { ExecutorManagerConfigInput } from './executor-managers';

/**
 * The miner's environment (docs/miner.md lists every variable). Read once, in main.ts.
 * Database variables are unprefixed (`DATABASE_URL`, as every tool expects); the rest are `MINER_*`.
 */
export const minerEnv = defineEnv(
  {
    MINER_HOTKEY: z.string().min(1),
    MINER_WALLETS_DIR: z.string().min(1).optional(),
    MINER_PORT: z.number().int().min(0).max(65_535).default(8000),
    MINER_HOST: z.string().min(1).default('0.0.0.0'),
    MINER_EXECUTOR_ADDRESS: z.url({ protocol: /^wss?$/ }).optional(),
    DATABASE_URL: z.string().min(1).optional(),
    MINER_PGLITE_DIR: z.string().min(1).default('./miner-data/pglite'),
    MINER_VALIDATORS: z.array(z.string().min(1)).default([]),
    MINER_EXECUTOR_MANAGER: z.enum(['process', 'docker']).default('process'),
    MINER_EXECUTOR_MANAGER_OPTIONS: z.string().min(1).default('{}'),
    MINER_AUTH_MAX_AGE_S: z.number().int().positive().default(10),
    MINER_STARTUP_TIME_LIMIT_S: z.number().int().positive().default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: z.boolean().default(false),
  },
  { secrets: ['DATABASE_URL'] },
);

export type MinerEnv = ReturnType<typeof minerEnv.load>;

/** Loads and checks the environment; throws ENV_INVALID (every bad variable named) or CONFIG_INVALID. */
export function loadEnv(source: EnvSource): MinerEnv {
  const env = minerEnv.load(source);
  executorManagerConfig(env); // fail at start, not at the first job
  return env;
}

/**
 * Where MINER_HOTKEY points. `<wallet>/<hotkey>` (two names, no leading `/` or `.`) is a bittensor
 * wallet under MINER_WALLETS_DIR (default `~/.bittensor/wallets`); anything else is the path of a
 * hotkey file.
 */
export function hotkeyLocation(env: Pick<MinerEnv, 'MINER_HOTKEY' | 'MINER_WALLETS_DIR'>, home: string | undefined): HotkeyLocation {
  const value = env.MINER_HOTKEY;
  const names = /^([^/.][^/]*)\/([^/]+)$/.exec(value);
  if (names === null || isAbsolute(value)) return { file: value };
  const walletsDir = env.MINER_WALLETS_DIR ?? (home ? join(home, '.bittensor', 'wallets') : undefined);
  if (walletsDir === undefined) throw minerErrors.error('CONFIG_INVALID', 'MINER_WALLETS_DIR is needed when HOME is unset');
  return { walletsDir, wallet: names[1]!, hotkey: names[2]! };
}

/**
 * MINER_EXECUTOR_MANAGER plus the JSON object MINER_EXECUTOR_MANAGER_OPTIONS (the manager's config,
 * see executor-managers/config.ts), checked here and handed to createExecutorManager.
 */
export function executorManagerConfig(env: Pick<MinerEnv, 'MINER_EXECUTOR_MANAGER' | 'MINER_EXECUTOR_MANAGER_OPTIONS'>): ExecutorManagerConfigInput {
  let options: unknown;
  try {
    options = JSON.parse(env.MINER_EXECUTOR_MANAGER_OPTIONS);
  } catch (cause) {
    throw minerErrors.error('CONFIG_INVALID', 'MINER_EXECUTOR_MANAGER_OPTIONS is not JSON', { cause });
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw minerErrors.error('CONFIG_INVALID', 'MINER_EXECUTOR_MANAGER_OPTIONS must be a JSON object');
  }
  const config = { ...options, kind: env.MINER_EXECUTOR_MANAGER };
  const checked = ExecutorManagerConfig.safeParse(config);
  if (!checked.success) throw minerErrors.error('CONFIG_INVALID', `MINER_EXECUTOR_MANAGER_OPTIONS: ${z.prettifyError(checked.error)}`, { cause: checked.error });
  return config as ExecutorManagerConfigInput;
}
