import type Dockerode from 'dockerode';
import type { Logger } from '@horde/service';
import type { AbandonedJob, JobsRepo } from '../db/jobs';
import { LABELS, removeContainer, removeJobContainers } from '../executor-managers/docker-containers';
import type { ExecutorManager } from '../executor-managers/types';

export interface RecoveryDeps {
  readonly jobs: JobsRepo;
  /** The manager the executors of the previous run were started with. */
  readonly manager: Pick<ExecutorManager, 'kill'>;
  /** The local Docker engine, when there is one: leftover executor and job containers are removed. */
  readonly docker?: Dockerode;
  readonly logger: Logger;
}

/** `error_type` of jobs a restart cut short. */
export const MINER_RESTARTED = 'miner_restarted';

/**
 * Runs once at start, before the sockets open. Nothing survives a miner restart: the validator
 * connections that owned the jobs are gone, so every job still in progress is marked FAILED
 * (`miner_restarted`) in one statement, and what it may have left running is removed: the
 * manager's kill for its executor (a handle rebuilt from the token), then a sweep of containers
 * labelled with its token (executor and job containers). Returns the jobs that were failed.
 */
export async function recoverJobs(deps: RecoveryDeps): Promise<AbandonedJob[]> {
  const log = deps.logger.child({ component: 'recovery' });
  const abandoned = await deps.jobs.failUnfinished(MINER_RESTARTED, 'the miner restarted while the job was in progress');
  if (abandoned.length === 0) return abandoned;
  log.warn({ jobs: abandoned.length }, 'failing jobs left unfinished by the previous run');
  await Promise.all(abandoned.map((job) => cleanUp(job, deps, log)));
  return abandoned;
}

async function cleanUp(job: AbandonedJob, deps: RecoveryDeps, log: Logger): Promise<void> {
  const fields = { jobUuid: job.jobUuid, executorClass: job.executorClass };
  try {
    await deps.manager.kill({ token: job.executorToken, executorClass: job.executorClass, startedAt: 0 });
  } catch (err) {
    log.warn({ err, ...fields }, 'manager could not kill a leftover executor');
  }
  const docker = deps.docker;
  if (docker === undefined) return;
  try {
    const executors = await docker.listContainers({ all: true, filters: { label: [`${LABELS.executorToken}=${job.executorToken}`] } });
    await Promise.all(executors.map((info) => removeContainer(docker, info.Id)));
    const jobContainers = await removeJobContainers(docker, job.executorToken);
    if (executors.length + jobContainers > 0) log.info({ ...fields, executors: executors.length, jobContainers }, 'removed leftover containers');
  } catch (err) {
    log.warn({ err, ...fields }, 'could not sweep leftover containers');
  }
}
