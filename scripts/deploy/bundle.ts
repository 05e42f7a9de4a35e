/**
 * Prepares the files of one role's image (miner, validator or facilitator) in a directory that
 * becomes the `docker build` context's `app/`, mirrored at /app in the image:
 *
 *   dist/bin/<role>.mjs   the app as one ES module (esbuild), run with plain `node`
 *   dist/bin/horde-<role>.mjs   its CLI, the same way
 *   package.json, drizzle/, public/ (facilitator)   read at run time, relative to the bundle
 *   node_modules/...      the few packages that load their own files (PGlite's WASM, the timelock WASM)
 *
 * The bundle sits two directories deep because the apps find their files at `../../<x>` from their
 * `src/<dir>/` modules (drizzle/, package.json, public/). A bundle needs no install, no network and no
 * transpiling at start (see docs/deploy.md for the sizes and start times that decided it).
 *
 * Usage: tsx scripts/deploy/bundle.ts <role> <outdir>
 */
import { cp, mkdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { CJS_BANNER, stubModules, workspaceSourcesArePure } from '@horde/executor/esbuild-kit';

export const ROLES = ['miner', 'validator', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Packages kept outside the bundle: they read files next to their own modules. */
interface RuntimePackage {
  readonly name: string;
  /** A workspace directory whose node_modules links the package. */
  readonly from: string;
}
const RUNTIME_PACKAGES: readonly RuntimePackage[] = [
  { name: '@electric-sql/pglite', from: 'packages/service' },
  { name: '@ideallabs/timelock_wasm_wrapper', from: 'packages/chain' },
];

/** Files of runtime packages an image never needs: source maps, type declarations, PGlite's extension archives. */
const UNNEEDED_FILE = /(\.map|\.d\.ts|\.d\.cts|\.tar\.gz)$/;

/**
 * dockerode carries gRPC and protobuf for BuildKit sessions; no app builds images, so they become
 * empty modules (a call needing them would fail loudly). ssh2 stays: the miner reaches SSH Docker hosts.
 */
const stubBuildkitModules = stubModules('stub-buildkit-modules', /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs(\/.*)?)$/);

/**
 * Whole workspace modules an app never uses are dropped (workspaceSourcesArePure): above all the
 * devchain, which @horde/chain's index re-exports.
 */
const pureWorkspace = workspaceSourcesArePure();

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface PreparedApp {
  readonly outdir: string;
  readonly bundleBytes: number;
}

/** Writes the role's image files into `outdir` (emptied first). */
export async function prepareApp(role: Role, outdir: string): Promise<PreparedApp> {
  const appDir = join(REPO_ROOT, 'apps', role);
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'dist/bin'), { recursive: true });

  const entries = [
    { source: 'src/main.ts', bundle: `${role}.mjs` },
    { source: 'src/cli/main.ts', bundle: `horde-${role}.mjs` },
  ];
  for (const entry of entries) {
    await esbuild.build({
      entryPoints: [join(appDir, entry.source)],
      outfile: join(outdir, 'dist/bin', entry.bundle),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      banner: { js: CJS_BANNER },
      // pg's optional native driver, ssh2's optional native add-ons: their pure-JS paths are used.
      external: ['pg-native', 'cpu-features', './crypto/build/Release/sshcrypto.node', ...RUNTIME_PACKAGES.map((p) => p.name)],
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [pureWorkspace, stubBuildkitModules],
    });
  }

  await writeFile(join(outdir, 'package.json'), await runtimePackageJson(appDir));
  await cp(join(appDir, 'drizzle'), join(outdir, 'drizzle'), { recursive: true });
  if (role === 'facilitator') await cp(join(appDir, 'public'), join(outdir, 'public'), { recursive: true });
  for (const pkg of RUNTIME_PACKAGES) {
    const source = await realpath(join(REPO_ROOT, pkg.from, 'node_modules', pkg.name));
    await cp(source, join(outdir, 'node_modules', pkg.name), { recursive: true, dereference: true, filter: (path) => !UNNEEDED_FILE.test(path) });
  }
  return { outdir, bundleBytes: (await stat(join(outdir, 'dist/bin', `${role}.mjs`))).size };
}

/** The app's name, version and module type (the miner reads its version from it); no dependencies to install. */
async function runtimePackageJson(appDir: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8')) as { name: string; version: string };
  return `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'module' }, null, 2)}\n`;
}

const invokedDirectly = process.argv[1] !== undefined && createRequire(import.meta.url).resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const [role, outdir] = process.argv.slice(2);
  if (!role || !isRole(role) || !outdir) {
    console.error(`usage: tsx scripts/deploy/bundle.ts <${ROLES.join('|')}> <outdir>`);
    process.exit(2);
  }
  const { bundleBytes } = await prepareApp(role, outdir);
  console.log(`${role}: ${outdir} (bundle ${(bundleBytes / 1024 / 1024).toFixed(1)} MiB)`);
}
