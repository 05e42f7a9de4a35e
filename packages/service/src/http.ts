import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { registerHealth } from './health';
import type { HealthCheck } from './health';
import { installErrorHandler } from './http-errors';
import type { Logger } from './logger';
import { createMetricsRegistry, instrumentHttp } from './metrics';
import { DEFAULT_MAX_FRAME_BYTES } from './typed-socket';
import { ensureWebsocket } from './websocket-plugin';

export interface HttpServerOptions {
  readonly logger: Logger;
  /** Largest request body in bytes; 1 MiB by default. */
  readonly bodyLimit?: number;
  /** The app's metrics registry; a new one with default Node metrics when omitted. */
  readonly metrics?: Registry;
  /** Ceiling for every WebSocket route of this server (see registerTypedSocket); 50 MiB by default. */
  readonly maxFrameBytes?: number;
  /** Fastify's trustProxy, for the real client address behind a reverse proxy. */
  readonly trustProxy?: boolean | string | readonly string[];
  /** Bound on each health check; 5 s by default. */
  readonly healthCheckTimeoutMs?: number;
}

export type HttpServer = FastifyInstance & {
  /** Adds a check to `/health`; a failing or slow check turns the answer into 503. */
  addHealthCheck(name: string, check: HealthCheck): void;
  /** The registry served on `/metrics`. */
  readonly metrics: Registry;
};

/**
 * The HTTP server of a Horde app: Fastify with our pino logger, JSON error answers, `/health`,
 * `/metrics` (Prometheus text) with a request duration histogram, and WebSocket support ready for
 * `registerTypedSocket`. The caller adds routes and calls `listen`.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const log = options.logger.child({ component: 'http' });
  // Typed as Fastify's base logger so the instance is a plain FastifyInstance for every helper.
  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Per-request lines would drown the logs (scrapes, health probes); durations are in /metrics.
    logController: new LogController({ disableRequestLogging: true }),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy as boolean | string | string[] }),
  });
  const metrics = options.metrics ?? createMetricsRegistry();

  installErrorHandler(app);
  instrumentHttp(app, metrics);
  ensureWebsocket(app, options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
  const addHealthCheck = registerHealth(app, log, options.healthCheckTimeoutMs ?? 5_000);
  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));

  app.decorate('addHealthCheck', addHealthCheck);
  app.decorate('metrics', metrics);
  return app as HttpServer; // the two decorations above
}
