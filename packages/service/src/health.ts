import type { FastifyInstance } from 'fastify';
import { HordeError } from '@horde/protocol';
import { serviceErrors } from './errors';
import type { Logger } from './logger';

/** A readiness check: resolves when healthy, throws (or rejects) when not. */
export type HealthCheck = () => unknown;

export interface CheckResult {
  readonly status: 'ok' | 'fail';
  readonly duration_ms: number;
  /** Error code (and message for HordeErrors); other errors are only logged. */
  readonly error?: string;
}

export interface HealthBody {
  readonly status: 'ok' | 'fail';
  readonly uptime_s: number;
  readonly checks: Record<string, CheckResult>;
}

/**
 * Serves `GET /health`: runs every check concurrently, each bounded by `timeoutMs`, and answers 200
 * when all pass, 503 otherwise. Returns the function apps use to add checks.
 */
export function registerHealth(app: FastifyInstance, log: Logger, timeoutMs: number): (name: string, check: HealthCheck) => void {
  const checks = new Map<string, HealthCheck>();
  const startedAt = Date.now();

  async function run(name: string, check: HealthCheck): Promise<CheckResult> {
    const begin = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(serviceErrors.error('HEALTH_CHECK_TIMEOUT', `${name} after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(check), timeout]);
      return { status: 'ok', duration_ms: Date.now() - begin };
    } catch (err) {
      log.warn({ err, check: name }, 'health check failed');
      const error = err instanceof HordeError ? `${err.code}: ${err.message}` : 'check failed';
      return { status: 'fail', duration_ms: Date.now() - begin, error };
    } finally {
      clearTimeout(timer);
    }
  }

  app.get('/health', async (_request, reply) => {
    const entries = await Promise.all([...checks].map(async ([name, check]) => [name, await run(name, check)] as const));
    const ok = entries.every(([, result]) => result.status === 'ok');
    const body: HealthBody = { status: ok ? 'ok' : 'fail', uptime_s: Math.round((Date.now() - startedAt) / 1000), checks: Object.fromEntries(entries) };
    return reply.code(ok ? 200 : 503).send(body);
  });

  return (name, check) => {
    if (checks.has(name)) throw serviceErrors.error('CONFIG_INVALID', `health check ${name} is already registered`);
    checks.set(name, check);
  };
}
