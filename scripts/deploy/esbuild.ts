/**
 * esbuild for the deploy bundler, loaded from the workspace that already depends on it
 * (@horde/executor, which bundles the executor the same way): the repository root does not list
 * esbuild, and scripts/ is not a workspace of its own. Only the part of esbuild's API we call is
 * typed here.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface ResolveArgs {
  readonly path: string;
  readonly kind: string;
  readonly importer: string;
  readonly resolveDir: string;
  readonly pluginData?: unknown;
}
interface ResolveResult {
  readonly path: string;
  readonly errors: readonly unknown[];
}
type OnResolveResult = { path: string; namespace?: string; sideEffects?: boolean } | undefined;
interface PluginBuild {
  resolve(path: string, options: { kind: string; importer: string; resolveDir: string; pluginData: unknown }): Promise<ResolveResult>;
  onResolve(options: { filter: RegExp }, callback: (args: ResolveArgs) => OnResolveResult | Promise<OnResolveResult>): void;
  onLoad(options: { filter: RegExp; namespace: string }, callback: () => { contents: string; loader: 'js' }): void;
}
export interface EsbuildPlugin {
  readonly name: string;
  setup(build: PluginBuild): void;
}
export interface EsbuildOptions {
  entryPoints: string[];
  outfile: string;
  bundle: true;
  platform: 'node';
  target: string;
  format: 'esm';
  banner: { js: string };
  external: string[];
  legalComments: 'none';
  logLevel: 'warning';
  plugins: EsbuildPlugin[];
}
export interface Esbuild {
  build(options: EsbuildOptions): Promise<unknown>;
}

/** esbuild as @horde/executor resolves it. */
export function loadEsbuild(repoRoot: string): Esbuild {
  return createRequire(join(repoRoot, 'apps/executor/package.json'))('esbuild') as Esbuild;
}
