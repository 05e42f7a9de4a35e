/**
 * Bundles the executor into one ES module file, `apps/executor/dist/executor.mjs` by default: the
 * miner starts one executor per job, so start-up must not pay for resolving and transpiling
 * hundreds of source files. Run it with `pnpm --filter @horde/executor bundle` (or import
 * `bundleExecutor` with another `outfile`).
 */
import { build } from 'esbuild';
import type { Metafile, Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';

const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_BUNDLE_PATH = `${APP_ROOT}dist/executor.mjs`;

/** CommonJS dependencies bundled into ESM still call require() and use __dirname. */
const CJS_BANNER = [
  "import { createRequire as __hordeCreateRequire } from 'node:module';",
  "import { fileURLToPath as __hordeFileURLToPath } from 'node:url';",
  "import { dirname as __hordeDirname } from 'node:path';",
  'const require = __hordeCreateRequire(import.meta.url);',
  'const __filename = __hordeFileURLToPath(import.meta.url);',
  'const __dirname = __hordeDirname(__filename);',
].join('\n');

/**
 * Our workspace sources have no import-time side effects (a rule of the repo), but their packages
 * do not say so; telling esbuild lets it drop whole modules the executor never uses (the service
 * kit's database and HTTP server, with PGlite, pg and Fastify behind them): a smaller bundle that
 * starts faster.
 */
const workspaceSourcesArePure: Plugin = {
  name: 'workspace-sources-are-pure',
  setup(build) {
    const WORKSPACE_SRC = /\/(packages\/[^/]+|apps\/executor)\/src\//;
    build.onResolve({ filter: /^(@horde\/|\.)/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length > 0 || !WORKSPACE_SRC.test(resolved.path) || resolved.path.includes('/node_modules/')) return undefined;
      return { path: resolved.path, sideEffects: false };
    });
  },
};

/**
 * dockerode carries gRPC + protobuf (for BuildKit sessions) and ssh2 (for ssh:// Docker hosts).
 * The executor only ever talks to its local engine over the socket and never builds images, so
 * those modules are replaced by empty ones: they were half of the bundle and most of its load time.
 * A call that needed them would fail loudly (their functions are undefined), never silently.
 */
const UNUSED_HEAVY_MODULES = /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs(\/.*)?|ssh2)$/;
const stubUnusedHeavyModules: Plugin = {
  name: 'stub-unused-heavy-modules',
  setup(build) {
    build.onResolve({ filter: UNUSED_HEAVY_MODULES }, (args) => ({ path: args.path, namespace: 'horde-empty' }));
    build.onLoad({ filter: /.*/, namespace: 'horde-empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

export interface BundleResult {
  outfile: string;
  bytes: number;
}

export async function bundleExecutor(outfile = DEFAULT_BUNDLE_PATH): Promise<BundleResult> {
  const result = await build({
    entryPoints: [`${APP_ROOT}src/main.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: CJS_BANNER },
    // Optional native add-ons of ssh2 (via docker-modem); their pure-JS fallbacks are used.
    external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [workspaceSourcesArePure, stubUnusedHeavyModules],
  });
  return { outfile, bytes: outputBytes(result.metafile) };
}

function outputBytes(metafile: Metafile): number {
  return Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outfile, bytes } = await bundleExecutor(process.argv[2]);
  console.log(`executor bundle: ${outfile} (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
}
