/**
 * Prepares the devchain image's files (deploy/devchain/Dockerfile) in a directory that becomes the
 * build context's `app/`, mirrored at /app in the image:
 *
 *   dist/bin/devchain.mjs   packages/chain/src/devchain/main.ts (`pnpm devchain`), one ES module
 *   dist/fixtures/          the recorded finney fixtures the devchain reads (`../fixtures/` from the bundle)
 *   node_modules/...        packages kept outside the bundle: the timelock WASM (read from its own
 *                           files) and ws (CommonJS that requires node built-ins, which an ES bundle cannot)
 *
 * Usage: tsx scripts/deploy/local-horde-bundle.ts <outdir>
 */
import { cp, mkdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './bundle';

const CHAIN_PACKAGE = join(REPO_ROOT, 'packages/chain');
const EXTERNAL_PACKAGES = ['@ideallabs/timelock_wasm_wrapper', 'ws'] as const;
/** Files of the external packages an image never needs. */
const UNNEEDED_FILE = /(\.map|\.d\.ts|\.d\.cts)$/;

/** Writes the devchain's image files into `outdir` (emptied first); returns the bundle's size in bytes. */
export async function prepareDevchain(outdir: string): Promise<number> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'dist/bin'), { recursive: true });
  const bundle = join(outdir, 'dist/bin/devchain.mjs');
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'packages/chain/src/devchain/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: [...EXTERNAL_PACKAGES],
    legalComments: 'none',
    logLevel: 'warning',
  });
  await cp(join(CHAIN_PACKAGE, 'src/fixtures'), join(outdir, 'dist/fixtures'), { recursive: true });
  for (const name of EXTERNAL_PACKAGES) {
    const source = await realpath(join(CHAIN_PACKAGE, 'node_modules', name));
    await cp(source, join(outdir, 'node_modules', name), { recursive: true, dereference: true, filter: (path) => !UNNEEDED_FILE.test(path) });
  }
  await writeFile(join(outdir, 'package.json'), `${JSON.stringify({ name: 'horde-devchain', private: true, type: 'module' }, null, 2)}\n`);
  return (await stat(bundle)).size;
}

const invokedDirectly = process.argv[1] !== undefined && createRequire(import.meta.url).resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const [outdir] = process.argv.slice(2);
  if (!outdir) {
    console.error('usage: tsx scripts/deploy/local-horde-bundle.ts <outdir>');
    process.exit(2);
  }
  const bytes = await prepareDevchain(outdir);
  console.log(`devchain: ${outdir} (bundle ${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
}
