import { z } from 'zod';
import { defineEnv } from '@horde/service';
import type { EnvSource } from '@horde/service';

/**
 * The facilitator's environment (docs/facilitator.md lists every variable). Read once, in main.ts
 * (and by the CLI). `DATABASE_URL` and `REDIS_URL` are unprefixed, as every tool expects.
 */
export const facilitatorEnv = defineEnv(
  {
    FACILITATOR_HOST: z.string().min(1).default('0.0.0.0'),
    FACILITATOR_PORT: z.number().int().min(0).max(65_535).default(9000),
    DATABASE_URL: z.string().min(1).optional(),
    FACILITATOR_PGLITE_DIR: z.string().min(1).default('./facilitator-data/pglite'),
    REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
    FACILITATOR_REDIS_PREFIX: z.string().min(1).default('horde:facilitator:'),
    /** Signs nonces and tokens: at least 32 characters, the same on every replica. */
    FACILITATOR_SECRET: z.string().min(32),
    FACILITATOR_NONCE_LIFETIME_S: z.number().int().positive().default(300),
    FACILITATOR_JWT_LIFETIME_S: z.number().int().positive().default(3600),
    FACILITATOR_RATE_LIMIT_MAX: z.number().int().positive().default(300),
    FACILITATOR_RATE_LIMIT_WINDOW_MS: z.number().int().positive().default(60_000),
    FACILITATOR_BODY_LIMIT: z.number().int().positive().default(5 * 1024 * 1024),
    FACILITATOR_TRUST_PROXY: z.boolean().default(false),
    /** Validators made active at start (comma-separated hotkeys); others are added with the CLI. */
    FACILITATOR_VALIDATORS: z.array(z.string().min(1)).default([]),
    /** Hotkeys allowed to submit jobs, added at start (comma-separated). */
    FACILITATOR_WHITELIST: z.array(z.string().min(1)).default([]),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: z.boolean().default(false),
  },
  { secrets: ['DATABASE_URL', 'REDIS_URL', 'FACILITATOR_SECRET'] },
);

export type FacilitatorEnv = ReturnType<typeof facilitatorEnv.load>;

/** Loads and checks the environment; throws ENV_INVALID naming every bad variable. */
export function loadEnv(source: EnvSource): FacilitatorEnv {
  return facilitatorEnv.load(source);
}
