import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { normalizeImage } from '../docker/job-container';
import { runOnce } from '../docker/run-once';
import { executorErrors } from '../errors';

/** The per-job temp dir: what is mounted into the job container, and the executor's scratch space. */
export interface Workspace {
  readonly root: string;
  /** Mounted at /volume. */
  readonly volume: string;
  /** Mounted at /output; uploaded after the job. */
  readonly output: string;
  /** Mounted at the job's artifacts_dir. */
  readonly artifacts: string;
  /** Mounted at /specs. */
  readonly specs: string;
  /** Never mounted: zips waiting to be unpacked. */
  readonly downloads: string;
  /** Never mounted: the container's full stdout / stderr. */
  readonly logs: { readonly stdout: string; readonly stderr: string };
}

const MOUNTED = ['volume', 'output', 'artifacts', 'specs'] as const;

/** Creates a fresh `horde-job-*` directory under `tempRoot` with the job's subdirectories. */
export async function createWorkspace(tempRoot: string): Promise<Workspace> {
  const root = await mkdtemp(join(tempRoot, 'horde-job-'));
  const ws: Workspace = {
    root,
    volume: join(root, 'volume'),
    output: join(root, 'output'),
    artifacts: join(root, 'artifacts'),
    specs: join(root, 'specs'),
    downloads: join(root, 'downloads'),
    logs: { stdout: join(root, 'stdout.log'), stderr: join(root, 'stderr.log') },
  };
  await Promise.all([...MOUNTED.map((dir) => mkdir(ws[dir])), mkdir(ws.downloads)]);
  return ws;
}

/**
 * Writes `raw_script` where the job container finds it (`/script.py`) and returns its path.
 */
export async function writeRawScript(ws: Workspace, script: string): Promise<string> {
  const path = join(ws.root, 'script.py');
  await writeFile(path, script, { mode: 0o644 });
  return path;
}

/**
 * Opens the mounted directories to any user (as the reference's `chmod -R 777`): the job's image
 * may run as any uid, and with every capability dropped even its root cannot bypass permissions.
 */
export async function openMountedDirs(ws: Workspace): Promise<void> {
  await Promise.all(MOUNTED.map((dir) => chmodTree(ws[dir])));
}

async function chmodTree(path: string): Promise<void> {
  await chmod(path, 0o777);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chmodTree(child);
    else if (entry.isFile()) await chmod(child, 0o777);
  }
}

export interface RemoveOptions {
  docker: Docker;
  /** Image of the helper container, run only when plain deletion fails. */
  helperImage: string | undefined;
  token: string;
  jobUuid: string;
  logger: Logger;
}

/**
 * Deletes the workspace. Files a job container created belong to its uid and may resist an
 * unprivileged executor; then a helper container (root, the workspace mounted) deletes the
 * contents and we try once more. Resolves with how it went; never throws.
 */
export async function removeWorkspace(ws: Workspace, opts: RemoveOptions): Promise<'removed' | 'removed_with_helper' | 'left_behind'> {
  try {
    await rm(ws.root, { recursive: true, force: true });
    return 'removed';
  } catch (err) {
    opts.logger.warn({ err, code: (err as NodeJS.ErrnoException).code }, 'temp dir resists deletion; trying a helper container');
  }
  if (!opts.helperImage) {
    opts.logger.error('temp dir left behind: no image for the helper container');
    return 'left_behind';
  }
  try {
    await removeWithHelper(opts.docker, ws.root, opts.helperImage, opts);
    await rm(ws.root, { recursive: true, force: true });
    return 'removed_with_helper';
  } catch (err) {
    opts.logger.error({ err }, 'temp dir left behind');
    return 'left_behind';
  }
}

/** Deletes the contents of `dir` from inside a root container that has `dir` mounted at /cleanup. */
export async function removeWithHelper(docker: Docker, dir: string, image: string, ids: { token: string; jobUuid: string }): Promise<void> {
  const entries = await readdir(dir);
  if (entries.length === 0) return;
  const result = await runOnce(
    docker,
    {
      Image: normalizeImage(image),
      Entrypoint: ['rm'],
      Cmd: ['-rf', '--', ...entries.map((name) => `/cleanup/${name}`)],
      User: '0',
      HostConfig: { Binds: [`${dir}:/cleanup`] },
    },
    { ...ids, role: 'cleanup', timeoutMs: 60_000 },
  );
  if (result.exitCode !== 0) {
    throw executorErrors.error('CLEANUP_FAILED', `cleanup container exited with ${result.exitCode}`, { context: { stderr: result.stderr.slice(0, 500) } });
  }
}
