import { isIP } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { resolveEndpoint } from '@horde/chain';
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
    MINER_CHAIN: z.string().min(1).optional(),
    MINER_NETUID: z.number().int().min(0).max(65_535).default(12),
    MINER_VALIDATOR_MIN_STAKE: z.number().min(0).default(1000),
    MINER_VALIDATORS_REFRESH_S: z.number().positive().default(60),
    MINER_ANNOUNCE: z.boolean().optional(),
    MINER_ANNOUNCE_IP: z.string().min(1).optional(),
    MINER_ANNOUNCE_PORT: z.number().int().min(1).max(65_535).optional(),
    MINER_ANNOUNCE_INTERVAL_S: z.number().positive().default(1800),
    MINER_MANIFEST_COMMIT_INTERVAL_S: z.number().positive().default(300),
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
  chainConfig(env);
  return env;
}

/** The miner's chain work (validator list, axon, manifest commitment), as MINER_CHAIN and friends say. */
export interface MinerChainConfig {
  /** `finney`, `test` or a ws(s) URL. */
  readonly endpoint: string;
  readonly netuid: number;
  /** Minimum stake of a validator, TAO. */
  readonly validatorMinStake: number;
  readonly validatorsRefreshMs: number;
  /** The axon to announce; undefined when MINER_ANNOUNCE is false. */
  readonly announce: AnnounceConfig | undefined;
  readonly manifestCommitIntervalMs: number;
}

export interface AnnounceConfig {
  readonly ip: string;
  /** MINER_ANNOUNCE_PORT; undefined means the port the miner listens on. */
  readonly port: number | undefined;
  readonly intervalMs: number;
}

type ChainEnv = Pick<
  MinerEnv,
  | 'MINER_CHAIN'
  | 'MINER_NETUID'
  | 'MINER_VALIDATOR_MIN_STAKE'
  | 'MINER_VALIDATORS_REFRESH_S'
  | 'MINER_ANNOUNCE'
  | 'MINER_ANNOUNCE_IP'
  | 'MINER_ANNOUNCE_PORT'
  | 'MINER_ANNOUNCE_INTERVAL_S'
  | 'MINER_MANIFEST_COMMIT_INTERVAL_S'
>;

/** Addresses subtensor refuses for an axon. */
const REFUSED_AXON_IPS = new Set(['127.0.0.1', '::1']);

/**
 * The chain configuration, or undefined without MINER_CHAIN (then only MINER_VALIDATORS and the
 * CLI decide who may connect). Throws CONFIG_INVALID for a bad endpoint or announce address.
 */
export function chainConfig(env: ChainEnv): MinerChainConfig | undefined {
  if (env.MINER_CHAIN === undefined) return undefined;
  try {
    resolveEndpoint(env.MINER_CHAIN);
  } catch (cause) {
    throw minerErrors.error('CONFIG_INVALID', `MINER_CHAIN must be finney, test or a ws(s):// URL, not ${env.MINER_CHAIN}`, { cause });
  }
  return {
    endpoint: env.MINER_CHAIN,
    netuid: env.MINER_NETUID,
    validatorMinStake: env.MINER_VALIDATOR_MIN_STAKE,
    validatorsRefreshMs: env.MINER_VALIDATORS_REFRESH_S * 1000,
    announce: env.MINER_ANNOUNCE === false ? undefined : announceConfig(env),
    manifestCommitIntervalMs: env.MINER_MANIFEST_COMMIT_INTERVAL_S * 1000,
  };
}

function announceConfig(env: ChainEnv): AnnounceConfig {
  const ip = env.MINER_ANNOUNCE_IP;
  if (ip === undefined) throw minerErrors.error('CONFIG_INVALID', 'MINER_ANNOUNCE_IP is required to announce the axon (or set MINER_ANNOUNCE=false)');
  if (isIP(ip) === 0) throw minerErrors.error('CONFIG_INVALID', `MINER_ANNOUNCE_IP is not an IPv4 or IPv6 address: ${ip}`);
  if (REFUSED_AXON_IPS.has(ip)) throw minerErrors.error('CONFIG_INVALID', `the chain refuses the axon address ${ip}; on loopback announce 127.0.0.2`);
  return { ip, port: env.MINER_ANNOUNCE_PORT, intervalMs: env.MINER_ANNOUNCE_INTERVAL_S * 1000 };
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
