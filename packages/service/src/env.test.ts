import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HordeError } from '@horde/protocol';
import { defineEnv } from './env';
import { serviceErrors } from './errors';

const env = defineEnv(
  {
    PORT: z.number().int().min(1).max(65_535).default(8000),
    DEBUG: z.boolean().default(false),
    VERBOSE: z.boolean().optional(),
    PEERS: z.array(z.string()).default([]),
    WEIGHTS: z.array(z.number()).optional(),
    DATABASE_URL: z.url().optional(),
    FACILITATOR_URL: z.url().default('wss://facilitator.example/ws/v0/'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn']).default('info'),
    HOTKEY: z.string().min(1),
    WALLET_PASSWORD: z.string().min(12),
  },
  { prefix: 'MINER_', secrets: ['WALLET_PASSWORD'] },
);

function loadError(source: Record<string, string | undefined>): HordeError {
  try {
    env.load(source);
  } catch (err) {
    if (err instanceof HordeError) return err;
    throw err;
  }
  throw new Error('load did not throw');
}

describe('defineEnv', () => {
  it('coerces numbers, booleans, comma lists and URLs, and applies defaults', () => {
    const loaded = env.load({
      MINER_PORT: ' 9001 ',
      MINER_DEBUG: 'TRUE',
      MINER_VERBOSE: '0',
      MINER_PEERS: 'a, b,,c ',
      MINER_WEIGHTS: '1.5,2',
      MINER_DATABASE_URL: 'postgres://db.local:5432/horde',
      MINER_HOTKEY: '5F...hotkey',
      MINER_WALLET_PASSWORD: 'a long enough password',
      PORT: '1', // unprefixed: ignored
    });
    expect(loaded).toEqual({
      PORT: 9001,
      DEBUG: true,
      VERBOSE: false,
      PEERS: ['a', 'b', 'c'],
      WEIGHTS: [1.5, 2],
      DATABASE_URL: 'postgres://db.local:5432/horde',
      FACILITATOR_URL: 'wss://facilitator.example/ws/v0/',
      LOG_LEVEL: 'info',
      HOTKEY: '5F...hotkey',
      WALLET_PASSWORD: 'a long enough password',
    });
  });

  it('treats an empty value as unset', () => {
    const loaded = env.load({ MINER_PORT: '', MINER_DEBUG: '1', MINER_HOTKEY: 'hk', MINER_WALLET_PASSWORD: 'xxxxxxxxxxxxxxxx' });
    expect(loaded.PORT).toBe(8000);
    expect(loaded.DEBUG).toBe(true);
  });

  it('lists every bad or missing variable by name, with a reason', () => {
    const error = loadError({ MINER_PORT: 'eighty', MINER_DEBUG: 'yes please', MINER_DATABASE_URL: 'not a url', MINER_LOG_LEVEL: 'chatty' });
    expect(serviceErrors.is(error, 'ENV_INVALID')).toBe(true);
    for (const name of ['MINER_PORT', 'MINER_DEBUG', 'MINER_DATABASE_URL', 'MINER_LOG_LEVEL', 'MINER_HOTKEY', 'MINER_WALLET_PASSWORD']) {
      expect(error.message).toContain(name);
    }
    expect(error.message).toContain('MINER_HOTKEY is required');
    expect(error.message).toContain('MINER_WALLET_PASSWORD is required');
    expect(error.message).toMatch(/MINER_PORT is invalid: .*number/);
    expect(error.context?.variables).toHaveLength(6);
  });

  it('never puts a secret value in the error', () => {
    const error = loadError({ MINER_HOTKEY: 'hk', MINER_WALLET_PASSWORD: 'short-pw' });
    expect(error.message).toContain('MINER_WALLET_PASSWORD is invalid (too_small)');
    expect(error.message).not.toContain('short-pw');
    expect(JSON.stringify(error.toJSON())).not.toContain('short-pw');
  });

  it('exposes secret names for log redaction, with and without the prefix', () => {
    expect(env.secrets).toEqual(['WALLET_PASSWORD', 'MINER_WALLET_PASSWORD']);
    expect(env.varName('PORT')).toBe('MINER_PORT');
  });
});
