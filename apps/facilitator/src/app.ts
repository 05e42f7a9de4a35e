import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { sql } from 'drizzle-orm';
import { createHttpServer, registerVersion } from '@horde/service';
import type { HttpServer, Logger } from '@horde/service';
import { registerDashboard } from './dashboard/register';
import type { FacilitatorDb } from './db/database';
import { JobsRepo } from './db/jobs';
import { ValidatorsRepo } from './db/validators';
import { WhitelistRepo } from './db/whitelist';
import { facilitatorErrors } from './errors';
import { FacilitatorMetrics } from './observability/metrics';
import { FACILITATOR_VERSION } from './observability/version';
import { callerOf, registerAuthRoutes } from './server/auth';
import { registerJobEventsRoute } from './server/job-events-route';
import { registerJobRoutes } from './server/job-routes';
import { registerValidatorSocket } from './server/validator-socket';
import { JobEvents } from './services/job-events';
import { JobSubmission } from './services/job-submission';
import { NonceService } from './services/nonces';
import { PresenceRegistry } from './services/presence';
import { RedisBus } from './services/redis-bus';
import { TokenService } from './services/tokens';
import { ValidatorHub } from './services/validator-hub';

export interface RateLimitOptions {
  /** Requests per window per caller (hotkey when authenticated, else IP address). */
  readonly max: number;
  readonly windowMs: number;
}

export interface FacilitatorAppOptions {
  readonly db: FacilitatorDb;
  /** Redis shared by every replica (pub/sub, presence, nonces, rate limits). */
  readonly redisUrl: string;
  /** Prefix of every Redis key and channel ('horde:facilitator:'); replicas of one facilitator share it. */
  readonly redisPrefix: string;
  /** Signs nonces and tokens; the same on every replica. */
  readonly secret: string;
  readonly logger: Logger;
  /** Nonce lifetime, seconds (300). */
  readonly nonceLifetimeS?: number;
  /** Token lifetime, seconds (3600). */
  readonly tokenLifetimeS?: number;
  readonly rateLimit?: RateLimitOptions;
  /** Largest request body, bytes (5 MiB). */
  readonly bodyLimit?: number;
  /** Time a validator has to authenticate (10 s). */
  readonly authTimeoutMs?: number;
  /** Validators not heard from for this long get no jobs (3 min). */
  readonly validatorStaleMs?: number;
  /** SSE keep-alive comment interval (15 s). */
  readonly sseKeepAliveMs?: number;
  readonly trustProxy?: boolean;
  /** The facilitator's metrics; a fresh registry when omitted. */
  readonly metrics?: FacilitatorMetrics;
}

export interface FacilitatorApp {
  readonly http: HttpServer;
  /** Listens and resolves with the bound port. */
  listen(host: string, port: number): Promise<number>;
  /** Closes the server (validators get 1012, SSE streams end) and the Redis connections. */
  close(): Promise<void>;
}

/**
 * Builds the facilitator from its collaborators: the users' REST API (/auth, /api/v1, OpenAPI at
 * /api/openapi.json), the validator channel /ws/v0/, /health, /metrics and /version. Several apps on one
 * database and one Redis (same prefix) act as one facilitator. Used by main.ts and by tests.
 */
export function buildFacilitatorApp(options: FacilitatorAppOptions): FacilitatorApp {
  const logger = options.logger.child({ replica: randomUUID().slice(0, 8) });
  const metrics = options.metrics ?? new FacilitatorMetrics();
  const http = createHttpServer({ logger, metrics: metrics.registry, bodyLimit: options.bodyLimit ?? 5 * 1024 * 1024, ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }) });
  registerVersion(http, 'horde_facilitator_', FACILITATOR_VERSION);
  const bus = new RedisBus({ url: options.redisUrl, prefix: options.redisPrefix, logger });
  const jobs = new JobsRepo(options.db);
  const validators = new ValidatorsRepo(options.db);
  const presence = new PresenceRegistry(bus, { staleMs: options.validatorStaleMs ?? 180_000 });
  const hub = new ValidatorHub(bus, presence, logger.child({ component: 'hub' }));
  metrics.watchValidators(() => hub.localValidators().length);
  const events = new JobEvents(bus);
  const tokens = new TokenService({ secret: options.secret, lifetimeS: options.tokenLifetimeS ?? 3600 });
  const nonces = new NonceService(bus, { secret: options.secret, lifetimeS: options.nonceLifetimeS ?? 300 });
  const whitelist = new WhitelistRepo(options.db);
  const submission = new JobSubmission({ jobs, whitelist, hub, presence, logger: logger.child({ component: 'jobs' }), metrics });

  // Route schemas document the API; zod checks the requests (typed 400s), so Fastify does not.
  http.setValidatorCompiler(() => (value) => ({ value }));
  void http.register(swagger, {
    openapi: {
      info: { title: 'Horde facilitator', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  const limits = options.rateLimit ?? { max: 300, windowMs: 60_000 };
  void http.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: limits.max,
    timeWindow: limits.windowMs,
    redis: bus.commands,
    nameSpace: bus.key('rate:'),
    keyGenerator: (request) => callerOf(request) ?? request.ip,
    allowList: (request) => !/^\/(api|auth)\//.test(request.url),
    errorResponseBuilder: (request, context) => {
      metrics.rateLimitedRequest(request.routeOptions.url);
      return facilitatorErrors.error('RATE_LIMITED', `retry in ${context.after}`, { context: { max: context.max } });
    },
  });
  void http.register(async (scope) => {
    registerAuthRoutes(scope, { nonces, tokens, whitelist });
    registerJobRoutes(scope, { jobs, submission, presence, tokens });
    registerJobEventsRoute(scope, { jobs, events, tokens, keepAliveMs: options.sseKeepAliveMs ?? 15_000, metrics });
    scope.get('/api/openapi.json', { schema: { hide: true } }, () => scope.swagger());
  });
  registerValidatorSocket(http, {
    validators,
    jobs,
    hub,
    presence,
    events,
    authTimeoutMs: options.authTimeoutMs ?? 10_000,
    logger: logger.child({ component: 'validator-channel' }),
    metrics,
  });
  registerDashboard(http);
  http.addHealthCheck('database', () => options.db.execute(sql`select 1`));
  http.addHealthCheck('redis', () => bus.commands.ping());

  return {
    http,
    async listen(host, port) {
      try {
        await bus.commands.ping();
      } catch (cause) {
        throw facilitatorErrors.error('REDIS_UNAVAILABLE', undefined, { cause });
      }
      await http.listen({ host, port });
      return (http.server.address() as AddressInfo).port;
    },
    async close() {
      await http.close();
      await bus.close();
    },
  };
}
