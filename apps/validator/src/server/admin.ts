/**
 * The admin API: Fastify (the service kit's server: /health, /metrics, /version, JSON errors) with every
 * /admin/ route behind `Authorization: Bearer <token>` (constant-time compare), and its OpenAPI
 * document at /admin/v1/openapi.json. Bound to 127.0.0.1 unless the operator says otherwise.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import swagger from '@fastify/swagger';
import type { FastifyRequest } from 'fastify';
import { createHttpServer, registerVersion } from '@horde/service';
import type { HealthCheck, HttpServer, Logger, Registry } from '@horde/service';
import { validatorErrors } from '../errors';
import { VALIDATOR_VERSION } from '../observability/version';
import { registerJobRoutes } from './job-routes';
import type { JobRoutesDeps } from './job-routes';
import { registerMinerRoutes } from './miner-routes';
import type { MinerRoutesDeps } from './miner-routes';

export interface AdminServerOptions extends JobRoutesDeps, MinerRoutesDeps {
  readonly token: string;
  readonly logger: Logger;
  /** Checks behind GET /health (database, Redis). */
  readonly healthChecks?: Readonly<Record<string, HealthCheck>>;
  /** The registry served on /metrics (the validator's metrics); a fresh one when omitted. */
  readonly metrics?: Registry;
}

export interface AdminServer {
  readonly http: HttpServer;
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

function authorize(request: FastifyRequest, expected: Buffer): void {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer (.+)$/.exec(header) : null;
  // Both sides hashed first, so the compare takes the same time whatever the length of the guess.
  if (!match || !timingSafeEqual(digest(match[1]!), expected)) throw validatorErrors.error('UNAUTHORIZED');
}

export function createAdminServer(options: AdminServerOptions): AdminServer {
  if (options.token.length === 0) throw validatorErrors.error('ADMIN_TOKEN_MISSING');
  const http = createHttpServer({ logger: options.logger, metrics: options.metrics });
  registerVersion(http, 'horde_validator_', VALIDATOR_VERSION);
  const expected = digest(options.token);
  for (const [name, check] of Object.entries(options.healthChecks ?? {})) http.addHealthCheck(name, check);

  // Route schemas document the API; zod checks the requests (typed 400s), so Fastify does not.
  http.setValidatorCompiler(() => (value) => ({ value }));
  void http.register(swagger, {
    openapi: {
      info: { title: 'Horde validator admin API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  void http.register(async (scope) => {
    scope.addHook('onRequest', async (request) => authorize(request, expected));
    registerJobRoutes(scope, options);
    registerMinerRoutes(scope, options);
    scope.get('/admin/v1/openapi.json', { schema: { hide: true } }, () => scope.swagger());
  });

  return {
    http,
    async listen(host, port) {
      await http.listen({ host, port });
      return (http.server.address() as AddressInfo).port;
    },
    close: () => http.close(),
  };
}
