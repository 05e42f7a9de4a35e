import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verify } from '@horde/hotkey';
import type { WhitelistRepo } from '../db/whitelist';
import { facilitatorErrors } from '../errors';
import type { NonceService } from '../services/nonces';
import type { TokenService } from '../services/tokens';
import { jsonSchema, LoginBody } from '../api-schemas';
import { addRoute } from './route';

export interface AuthDeps {
  readonly nonces: NonceService;
  readonly tokens: TokenService;
  readonly whitelist: WhitelistRepo;
}

const callers = new WeakMap<FastifyRequest, string>();

/** The hotkey of the authenticated caller of `request` (set by `requireCaller`). */
export function callerOf(request: FastifyRequest): string | undefined {
  return callers.get(request);
}

/** The caller's hotkey; throws when the request was not authenticated (a wiring mistake). */
export function caller(request: FastifyRequest): string {
  const hotkey = callers.get(request);
  if (hotkey === undefined) throw facilitatorErrors.error('AUTH_TOKEN_MISSING');
  return hotkey;
}

/**
 * Authenticates a request from `Authorization: Bearer <jwt>`; with `allowQueryToken`, also from
 * `?access_token=` (for EventSource, which cannot set headers).
 */
export async function requireCaller(request: FastifyRequest, tokens: TokenService, allowQueryToken = false): Promise<void> {
  const header = request.headers.authorization;
  let token: string | undefined;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw facilitatorErrors.error('AUTH_TOKEN_INVALID', 'expected "Bearer <token>"');
    token = match[1];
  } else if (allowQueryToken) {
    const query = request.query as Record<string, unknown> | undefined;
    if (typeof query?.access_token === 'string') token = query.access_token;
  }
  if (token === undefined) throw facilitatorErrors.error('AUTH_TOKEN_MISSING');
  callers.set(request, await tokens.verify(token));
}

/** `GET /auth/nonce` and `POST /auth/login` (reference paths; trailing slash optional). */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps): void {
  addRoute(app, {
    method: 'GET',
    url: '/auth/nonce',
    schema: { tags: ['auth'], summary: 'A single-use login nonce, valid 300 s' },
    handler: async () => ({ nonce: deps.nonces.issue() }),
  });

  addRoute(app, {
    method: 'POST',
    url: '/auth/login',
    schema: { tags: ['auth'], summary: 'Exchange a signed nonce for a token', body: jsonSchema(LoginBody) },
    handler: async (request) => {
      const body = LoginBody.parse(request.body);
      deps.nonces.check(body.nonce);
      if (!verify(body.nonce, body.signature, body.hotkey)) throw facilitatorErrors.error('AUTH_SIGNATURE_INVALID');
      await deps.nonces.consume(body.nonce);
      if (!(await deps.whitelist.has(body.hotkey))) throw facilitatorErrors.error('AUTH_HOTKEY_NOT_WHITELISTED');
      return { token: await deps.tokens.issue(body.hotkey) };
    },
  });
}
