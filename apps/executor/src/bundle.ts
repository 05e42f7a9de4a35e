/**
 * Bundles the executor into one ES module file, `apps/executor/dist/executor.mjs` by default: the
 * miner starts one executor per job, so start-up must not pay for resolving and transpiling
 * hundreds of source files. Run it with `pnpm --filter @horde/executor bundle` (or import
 * `bundleExecutor` with another `outfile`).
 */
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { CJS_BANNER, stubModules, workspaceSourcesArePure } from './esbuild-kit';

const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_BUNDLE_PATH = `${APP_ROOT}dist/executor.mjs`;

/**
 * dockerode carries gRPC + protobuf (for BuildKit sessions) and ssh2 (for ssh:// Docker hosts).
 * The executor only ever talks to its local engine over the socket and never builds images, so
 * those modules are replaced by empty ones: they were half of the bundle and most of its load time.
 * A call that needed them would fail loudly (their functions are undefined), never silently.
 */
const stubUnusedHeavyModules = stubModules('stub-unused-heavy-modules', /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs(\/.*)?|ssh2)$/);

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
    plugins: [workspaceSourcesArePure(/\/(packages\/[^/]+|apps\/executor)\/src\//), stubUnusedHeavyModules],
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
