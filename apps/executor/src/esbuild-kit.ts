/**
 * What every Horde esbuild bundle needs (the executor's, and the app and devchain images' under
 * scripts/deploy): a banner that gives bundled CommonJS its require/__filename/__dirname, a plugin
 * that tells esbuild our workspace sources are free of import-time side effects, and one that turns
 * modules an image never calls into empty ones.
 */
import type { Plugin } from 'esbuild';

/** CommonJS dependencies bundled into ESM still call require() and use __filename/__dirname. */
export const CJS_BANNER = [
  "import { createRequire as __hordeCreateRequire } from 'node:module';",
  "import { fileURLToPath as __hordeFileURLToPath } from 'node:url';",
  "import { dirname as __hordeDirname } from 'node:path';",
  'const require = __hordeCreateRequire(import.meta.url);',
  'const __filename = __hordeFileURLToPath(import.meta.url);',
  'const __dirname = __hordeDirname(__filename);',
].join('\n');

/**
 * Our workspace sources have no import-time side effects that an unused import needs (a rule of the
 * repo), but their packages do not say so; telling esbuild lets it drop whole modules a bundle never
 * uses. `workspaceSrc` matches the source paths this applies to.
 */
export function workspaceSourcesArePure(workspaceSrc: RegExp = /\/(packages|apps)\/[^/]+\/src\//): Plugin {
  return {
    name: 'workspace-sources-are-pure',
    setup(build) {
      build.onResolve({ filter: /^(@horde\/|\.)/ }, async (args) => {
        if (args.pluginData === 'resolving') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
        if (resolved.errors.length > 0 || !workspaceSrc.test(resolved.path) || resolved.path.includes('/node_modules/')) return undefined;
        return { path: resolved.path, sideEffects: false };
      });
    },
  };
}

/** Modules matching `filter` become empty ones: a call that needed them fails loudly, never silently. */
export function stubModules(name: string, filter: RegExp): Plugin {
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'horde-empty' }));
      build.onLoad({ filter: /.*/, namespace: 'horde-empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}
