import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';

/** The metric classes apps register on their registry (one prom-client for every app). */
export { Counter, Gauge, Histogram } from 'prom-client';
export type { Registry } from 'prom-client';

export interface MetricsOptions {
  /** Prefix of the default Node metrics, e.g. `horde_miner_`. */
  readonly prefix?: string;
  /** Labels added to every metric of the registry (e.g. `{ hotkey }`). */
  readonly defaultLabels?: Readonly<Record<string, string>>;
}

/** A per-app registry holding the default Node metrics; apps register their own metrics on it. */
export function createMetricsRegistry(options: MetricsOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels({ ...options.defaultLabels });
  collectDefaultMetrics({ register: registry, ...(options.prefix ? { prefix: options.prefix } : {}) });
  return registry;
}

/** Name of the request duration histogram added by `createHttpServer`. */
export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

/** Times every HTTP request by method, route pattern (never the raw URL) and status code. */
export function instrumentHttp(app: FastifyInstance, registry: Registry): void {
  // Servers of one process may share a registry: they then share the histogram too.
  const existing = registry.getSingleMetric(HTTP_DURATION_METRIC) as Histogram<'method' | 'route' | 'status_code'> | undefined;
  const histogram = existing ?? new Histogram({
    name: HTTP_DURATION_METRIC,
    help: 'Duration of HTTP requests, by route pattern',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
