/**
 * What a running app is: `GET /version` answers `{ name, version, node, features, commit? }` (the
 * package.json name and version, the Node.js version, the Horde protocol extensions the app speaks
 * — the X-Horde-Features values — and the git commit when HORDE_GIT_COMMIT stamps the build), and
 * a `<prefix>build_info` gauge carries the same facts as labels so dashboards can join on them.
 * Nothing secret is in either.
 */
import { readFileSync } from 'node:fs';
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { serviceErrors } from './errors';

export interface VersionBody {
  readonly name: string;
  readonly version: string;
  readonly node: string;
  readonly features: readonly string[];
  readonly commit?: string;
}

export interface VersionOptions {
  /** The app's package.json (`new URL('../../package.json', import.meta.url)` from a `src/<dir>/` module). */
  readonly packageJson: URL;
  /** The X-Horde-Features values the app speaks. */
  readonly features: readonly string[];
  /** The build's git commit; HORDE_GIT_COMMIT by default. Anything but a short token is left out. */
  readonly gitCommit?: string | undefined;
}

const COMMIT = /^[0-9A-Za-z._-]{1,64}$/;

/** Reads the facts `/version` serves; a package.json without name and version is a config error. */
export function versionBody(options: VersionOptions): VersionBody {
  let pkg: { name?: unknown; version?: unknown };
  try {
    pkg = JSON.parse(readFileSync(options.packageJson, 'utf8')) as typeof pkg;
  } catch (err) {
    throw serviceErrors.error('CONFIG_INVALID', `cannot read ${options.packageJson.pathname}`, { cause: err });
  }
  if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw serviceErrors.error('CONFIG_INVALID', `${options.packageJson.pathname} has no name and version`);
  const commit = 'gitCommit' in options ? options.gitCommit : process.env.HORDE_GIT_COMMIT;
  return {
    name: pkg.name,
    version: pkg.version,
    node: process.versions.node,
    features: [...options.features].sort(),
    ...(commit !== undefined && COMMIT.test(commit) ? { commit } : {}),
  };
}

/** Serves `GET /version` and sets `<prefix>build_info{version,commit,node} 1` on `registry`. */
export function registerVersion(app: FastifyInstance & { readonly metrics: Registry }, prefix: string, options: VersionOptions): VersionBody {
  const body = versionBody(options);
  const name = `${prefix}build_info`;
  // Two servers of one process may share a registry (a validator's admin API and its ops endpoint).
  const info =
    (app.metrics.getSingleMetric(name) as Gauge<'version' | 'commit' | 'node'> | undefined) ??
    new Gauge({ name, help: 'Always 1; the labels say which build runs', labelNames: ['version', 'commit', 'node'] as const, registers: [app.metrics] });
  info.set({ version: body.version, commit: body.commit ?? 'unknown', node: body.node }, 1);
  app.get('/version', async () => body);
  return body;
}
