import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { HotkeyLocation } from '@horde/hotkey';
import { defineEnv } from '@horde/service';
import type { EnvSource } from '@horde/service';
import { validatorErrors } from './errors';

/**
 * What one process runs: the admin API, the organic-jobs worker, the facilitator client, and the
 * chain tasks (miners sync, weight setting; only with VALIDATOR_CHAIN).
 */
export const VALIDATOR_ROLES = ['admin', 'worker', 'facilitator', 'chain'] as const;
export type ValidatorRole = (typeof VALIDATOR_ROLES)[number];

/**
 * The validator's environment (docs/validator.md lists every variable). Read once, in main.ts.
 * Database and Redis variables are unprefixed (`DATABASE_URL`, `REDIS_URL`); the rest `VALIDATOR_*`.
 */
export const validatorEnv = defineEnv(
  {
    VALIDATOR_HOTKEY: z.string().min(1),
    VALIDATOR_WALLETS_DIR: z.string().min(1).optional(),
    DATABASE_URL: z.string().min(1).optional(),
    VALIDATOR_PGLITE_DIR: z.string().min(1).default('./validator-data/pglite'),
    REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
    /** Namespace of the validator's Redis keys, channels and queues. */
    VALIDATOR_REDIS_PREFIX: z.string().min(1).default('horde:validator'),
    VALIDATOR_ROLES: z.array(z.enum(VALIDATOR_ROLES)).default([...VALIDATOR_ROLES]),
    VALIDATOR_ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
    VALIDATOR_ADMIN_PORT: z.number().int().min(0).max(65_535).default(8100),
    VALIDATOR_ADMIN_TOKEN: z.string().min(16).optional(),
    VALIDATOR_ADMIN_DISABLED: z.boolean().default(false),
    /** /health, /metrics and /version of a process that does not serve the admin API (split deployments). */
    VALIDATOR_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    VALIDATOR_METRICS_PORT: z.number().int().min(0).max(65_535).optional(),
    /** The facilitator's validator channel, e.g. `wss://facilitator.example/ws/v0/`; no facilitator client when unset. */
    VALIDATOR_FACILITATOR_URL: z.url({ protocol: /^wss?$/ }).optional(),
    /** Miners to add at start: `hotkey@host:port` items. */
    VALIDATOR_MINERS: z.array(z.string().regex(/^[^@\s]+@[^@\s]+:\d{1,5}$/)).default([]),
    VALIDATOR_CONCURRENCY: z.number().int().min(1).max(1000).default(8),
    VALIDATOR_MAX_ATTEMPTS: z.number().int().min(1).max(20).default(3),
    VALIDATOR_BLACKLIST_S: z.number().int().min(0).default(4 * 3600),
    VALIDATOR_RESERVATION_S: z.number().int().min(1).default(7),
    VALIDATOR_EXECUTOR_STARTUP_S: z.number().int().min(1).default(5),
    VALIDATOR_LEEWAY_S: z.number().int().min(0).default(5),
    VALIDATOR_MANIFEST_MAX_AGE_S: z.number().int().min(0).default(300),
    /** BullMQ lock duration / stalled-check interval: how soon a dead worker's job is failed. */
    VALIDATOR_QUEUE_LOCK_MS: z.number().int().min(500).default(30_000),
    VALIDATOR_QUEUE_STALLED_MS: z.number().int().min(500).default(30_000),
    /** The chain: `finney`, `test` or a `ws(s)://` URL; unset = no chain (only the VALIDATOR_MINERS). */
    VALIDATOR_CHAIN: z.string().regex(/^(finney|test|wss?:\/\/\S+)$/).optional(),
    VALIDATOR_NETUID: z.number().int().min(0).max(65_535).default(12),
    /** How long one connection attempt to the chain may take before it is retried. */
    VALIDATOR_CHAIN_CONNECT_TIMEOUT_S: z.number().positive().default(30),
    /** Seconds per block (12 on finney): turns block ranges into times (receipt scores, timelock rounds). */
    VALIDATOR_CHAIN_BLOCK_TIME_S: z.number().positive().default(12),
    /** Period of the miners sync from the metagraph. */
    VALIDATOR_MINER_SYNC_S: z.number().min(0.05).default(10),
    /** Whether to set weights; default: true when VALIDATOR_CHAIN is set. */
    VALIDATOR_WEIGHTS: z.boolean().optional(),
    /** Period of the weight-setting task's tick; one block (VALIDATOR_CHAIN_BLOCK_TIME_S) when unset. */
    VALIDATOR_WEIGHTS_TICK_S: z.number().min(0.05).optional(),
    /** Weight-setting windows; by default derived from the subnet's tempo (722 / 361 / 15 on finney). */
    VALIDATOR_WEIGHTS_INTERVAL: z.number().int().min(4).optional(),
    VALIDATOR_WEIGHTS_COMMIT_OFFSET: z.number().int().min(2).optional(),
    VALIDATOR_WEIGHTS_MARGIN: z.number().int().min(0).optional(),
    /** `auto` follows the chain (CR off: set_weights; CommitRevealWeightsVersion 4: timelock); `v2` forces commit + reveal. */
    VALIDATOR_COMMIT_REVEAL_MODE: z.enum(['auto', 'v2']).default('auto'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: z.boolean().default(false),
  },
  { secrets: ['DATABASE_URL', 'REDIS_URL', 'VALIDATOR_ADMIN_TOKEN'] },
);

export type ValidatorEnv = ReturnType<typeof validatorEnv.load>;

/** Loads and checks the environment; throws ENV_INVALID (every bad variable named) or ADMIN_TOKEN_MISSING. */
export function loadEnv(source: EnvSource): ValidatorEnv {
  const env = validatorEnv.load(source);
  if (env.VALIDATOR_ROLES.includes('admin') && !env.VALIDATOR_ADMIN_DISABLED && env.VALIDATOR_ADMIN_TOKEN === undefined) {
    throw validatorErrors.error('ADMIN_TOKEN_MISSING');
  }
  return env;
}

/** `hotkey@host:port` → a miner (IPv6 hosts in brackets: `hk@[::1]:8000`). */
export function parseMinerSpec(spec: string): { hotkey: string; address: string; port: number } {
  const match = /^([^@\s]+)@\[?([^@\s\]]+?)\]?:(\d{1,5})$/.exec(spec);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65_535) throw validatorErrors.error('CONFIG_INVALID', `miner "${spec}" is not hotkey@host:port`);
  return { hotkey: match[1]!, address: match[2]!, port };
}

/**
 * Where VALIDATOR_HOTKEY points. `<wallet>/<hotkey>` (two names) is a bittensor wallet under
 * VALIDATOR_WALLETS_DIR (default `~/.bittensor/wallets`); anything else is the path of a hotkey file.
 */
export function hotkeyLocation(env: Pick<ValidatorEnv, 'VALIDATOR_HOTKEY' | 'VALIDATOR_WALLETS_DIR'>, home: string | undefined): HotkeyLocation {
  const value = env.VALIDATOR_HOTKEY;
  const names = /^([^/.][^/]*)\/([^/]+)$/.exec(value);
  if (names === null || isAbsolute(value)) return { file: value };
  const walletsDir = env.VALIDATOR_WALLETS_DIR ?? (home ? join(home, '.bittensor', 'wallets') : undefined);
  if (walletsDir === undefined) throw validatorErrors.error('CONFIG_INVALID', 'VALIDATOR_WALLETS_DIR is needed when HOME is unset');
  return { walletsDir, wallet: names[1]!, hotkey: names[2]! };
}
