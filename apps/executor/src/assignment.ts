/**
 * Warm spares: a miner may start an executor before it has a job (`EXECUTOR_WARM_SPARE=true`), so
 * that the job does not wait for Node to start and load the executor. The spare then reads its
 * assignment — one JSON line of EXECUTOR_* variables (at least EXECUTOR_TOKEN) — from stdin.
 */
import type { Readable } from 'node:stream';

export const WARM_SPARE_VAR = 'EXECUTOR_WARM_SPARE';

/** The assignment line's variables, or null when stdin closed without one (the spare was discarded). */
export async function readAssignment(input: Readable, maxBytes = 64 * 1024): Promise<Record<string, string> | null> {
  let buffered = '';
  for await (const chunk of input) {
    buffered += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    const newline = buffered.indexOf('\n');
    if (newline >= 0) return parseAssignment(buffered.slice(0, newline));
    if (buffered.length > maxBytes) throw new Error('warm-spare assignment line too long');
  }
  return null;
}

/** Only EXECUTOR_* string variables are taken: an assignment cannot change PATH or the like. */
export function parseAssignment(line: string): Record<string, string> {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('warm-spare assignment is not a JSON object');
  const vars: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!key.startsWith('EXECUTOR_') || key === WARM_SPARE_VAR || typeof v !== 'string') throw new Error(`warm-spare assignment: ${key} is not allowed`);
    vars[key] = v;
  }
  if (!vars.EXECUTOR_TOKEN) throw new Error('warm-spare assignment has no EXECUTOR_TOKEN');
  return vars;
}
