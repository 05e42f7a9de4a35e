import pino from 'pino';
import type { Writable } from 'node:stream';
import type { Level, Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/** Keys that are redacted wherever they appear (top level and up to two objects deep). */
export const ALWAYS_REDACTED_KEYS: readonly string[] = [
  // A job's environment: user secrets live there, so the whole object goes.
  'env',
  'password',
  'passwd',
  'passphrase',
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'access_token',
  'refresh_token',
  'secret',
  'secrets',
  'secret_key',
  'secretKey',
  'client_secret',
  'api_key',
  'apiKey',
  'x-api-key',
  'private_key',
  'privateKey',
  'mnemonic',
  'seed',
];

export const REDACTED = '[redacted]';

export interface LoggerOptions {
  /** Service name, printed on every line. */
  readonly name: string;
  readonly level?: Level | 'silent';
  /** Extra keys to redact, typically `EnvDefinition.secrets` (names, never values). */
  readonly secrets?: readonly string[];
  /** Human-readable output (local development); JSON lines otherwise. */
  readonly pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to capture output. */
  readonly destination?: Writable;
}

/**
 * Creates the root logger of a service. Redaction is by key: the value of any redacted key is
 * replaced whether it holds a string or a whole object. Components log through
 * `logger.child({ component })`. Values inside free text (`msg`) cannot be redacted, so never
 * interpolate secrets or job env into messages.
 */
export function createLogger(options: LoggerOptions): Logger {
  const keys = [...new Set([...ALWAYS_REDACTED_KEYS, ...(options.secrets ?? [])])];
  const pinoOptions: pino.LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    redact: { paths: redactPaths(keys), censor: REDACTED },
  };
  const stream = options.pretty ? pretty({ colorize: options.destination === undefined && pretty.isColorSupported, destination: options.destination ?? 1, sync: true }) : options.destination;
  return stream === undefined ? pino(pinoOptions) : pino(pinoOptions, stream);
}

/** `key`, `*.key` and `*.*.key` for each key, bracket-quoted when it is not an identifier. */
export function redactPaths(keys: readonly string[]): string[] {
  return keys.flatMap((key) => {
    const access = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key.replace(/["\\]/g, '\\$&')}"]`;
    const dotted = access.startsWith('[') ? access : `.${access}`;
    return [access, `*${dotted}`, `*.*${dotted}`];
  });
}
