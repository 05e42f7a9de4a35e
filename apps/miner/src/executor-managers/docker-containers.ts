import type Dockerode from 'dockerode';

/**
 * Container labels. Job containers carry the executor's labels (apps/executor/src/docker/labels.ts:
 * role `job` + `org.horde.executor-token`); a test keeps the two in step. Executor containers carry
 * their token under a different key, so that an executor reaping the job containers of its token
 * can never match its own container.
 */
export const LABELS = {
  role: 'org.horde.role',
  jobToken: 'org.horde.executor-token',
  executorToken: 'org.horde.executor.token',
  jobUuid: 'org.horde.job-uuid',
  executorClass: 'org.horde.executor-class',
} as const;

/** HTTP status of a dockerode error (docker-modem sets `statusCode`). */
export function dockerStatus(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : undefined;
}

/** Force-removes a container; one already gone (404) or being removed (409, AutoRemove) is fine. */
export async function removeContainer(docker: Dockerode, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    const status = dockerStatus(err);
    if (status !== 404 && status !== 409) throw err;
  }
}

/**
 * Removes the job container(s) of `token`: those labelled by our executor, and the one named
 * `ch-<token>-job` as the reference's executor names it (it sets no labels). Returns how many.
 */
export async function removeJobContainers(docker: Dockerode, token: string): Promise<number> {
  const [labelled, named] = await Promise.all([
    docker.listContainers({ all: true, filters: { label: [`${LABELS.role}=job`, `${LABELS.jobToken}=${token}`] } }),
    docker.listContainers({ all: true, filters: { name: [`^/ch-${escapeRegExp(token)}-job$`] } }),
  ]);
  const ids = new Set([...labelled, ...named].map((info) => info.Id));
  await Promise.all([...ids].map((id) => removeContainer(docker, id)));
  return ids.size;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
