import type Docker from 'dockerode';
import { JOB_LABELS } from './labels';

/**
 * Removes job containers that a crashed executor left behind. With `token` only that job's
 * container; without, every Horde job container older than `olderThanMs`.
 */
export async function reapJobContainers(docker: Docker, opts: { token?: string; olderThanMs?: number } = {}): Promise<string[]> {
  const label = opts.token ? [`${JOB_LABELS.token}=${opts.token}`] : [`${JOB_LABELS.role}=job`];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  const cutoff = Date.now() / 1000 - (opts.olderThanMs ?? 0) / 1000;
  const removed: string[] = [];
  for (const info of containers) {
    if (!opts.token && info.Created > cutoff) continue;
    try {
      await docker.getContainer(info.Id).remove({ force: true, v: true });
      removed.push(info.Id);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  return removed;
}
