import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's place in it (apps/miner/src/executor-managers/). */
export function defaultRepoRoot(): string {
  return fileURLToPath(new URL('../../../../', import.meta.url));
}

/**
 * The default executor command: the one-file bundle when it was built (`pnpm --filter
 * @horde/executor bundle`), else the sources through tsx. Runs with the miner's own node binary.
 */
export function defaultExecutorCommand(repoRoot: string, exists: (path: string) => boolean = existsSync): string[] {
  const bundle = join(repoRoot, 'apps/executor/dist/executor.mjs');
  if (exists(bundle)) return [process.execPath, bundle];
  return [process.execPath, '--import', 'tsx', join(repoRoot, 'apps/executor/src/main.ts')];
}
