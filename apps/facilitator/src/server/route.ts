import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Registers a route under its reference path and under the same path with the trailing slash
 * toggled (the reference's paths end in `/`, clients often drop it); the twin is hidden from the
 * OpenAPI document.
 */
export function addRoute(app: FastifyInstance, options: RouteOptions): void {
  app.route(options);
  const url = options.url;
  const twin = url.endsWith('/') ? url.slice(0, -1) : `${url}/`;
  app.route({ ...options, url: twin, schema: { ...options.schema, hide: true } });
}
