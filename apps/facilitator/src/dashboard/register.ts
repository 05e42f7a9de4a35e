import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where the dashboard's static files live (apps/facilitator/public). */
export const DASHBOARD_ROOT = fileURLToPath(new URL('../../public/', import.meta.url));

/**
 * The dashboard's Content-Security-Policy: its own files only (no inline script or style, no other
 * origin); artifacts download as `data:` links, which navigation (not fetch) follows.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
};

/**
 * Serves the web dashboard (plain HTML, CSS and ES modules, no build step) at `/dashboard/`, with a
 * strict CSP. The page talks to the REST API with the token the user pastes in.
 */
export function registerDashboard(app: FastifyInstance, root: string = DASHBOARD_ROOT): void {
  void app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      reply.headers(SECURITY_HEADERS);
    });
    scope.get('/dashboard', { schema: { hide: true } }, (_request, reply) => reply.redirect('/dashboard/', 301));
    await scope.register(fastifyStatic, { root, prefix: '/dashboard/', index: 'index.html', schemaHide: true });
  });
}
