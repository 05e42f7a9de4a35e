import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Level, Logger } from 'pino';

const PINO_LEVELS: Readonly<Record<number, Level>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Longer lines are cut: one runaway line must not flood the miner's log. */
const MAX_LINE = 16_384;

/**
 * Forwards an executor's output into the miner's logger, one entry per line. A pino JSON line keeps
 * its level and message, its other fields nested under `executor` (where the redaction of secret keys
 * still applies); any other line is logged at `level` with the stream's name.
 */
export function pipeLines(stream: Readable, log: Logger, streamName: 'stdout' | 'stderr', level: 'info' | 'warn'): void {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (raw) => {
    const line = raw.length > MAX_LINE ? `${raw.slice(0, MAX_LINE)}...` : raw;
    const entry = pinoEntry(line);
    if (entry) log[entry.level]({ executor: entry.fields }, entry.msg);
    else if (line.trim() !== '') log[level]({ stream: streamName }, line);
  });
}

function pinoEntry(line: string): { level: Level; msg: string; fields: Record<string, unknown> } | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = value as Record<string, unknown>;
  const name = typeof level === 'number' ? PINO_LEVELS[level] : undefined;
  if (!name) return undefined;
  return { level: name, msg: typeof msg === 'string' ? msg : '', fields };
}
