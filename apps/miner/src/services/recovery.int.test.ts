import { randomUUID } from 'node:crypto';
import type Dockerode from 'dockerode';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxImage, removeContainersByLabel, requireDocker } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { openMinerDatabase } from '../db/database';
import type { MinerDatabaseHandle } from '../db/database';
import { JobsRepo } from '../db/jobs';
import { acceptedJobs } from '../db/schema';
import type { AcceptedJobStatus } from '../db/schema';
import { LABELS } from '../executor-managers/docker-containers';
import { logger, minerTemplate } from '../test-support/harness';
import { TestExecutorManager } from '../test-support/test-manager';
import { MINER_RESTARTED, recoverJobs } from './recovery';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_recovery' });
/** Marks this file's containers so that afterAll removes whatever a failed run left. */
const TEST_LABEL = 'org.horde.test.miner-recovery';

let database: MinerDatabaseHandle;
let docker: Dockerode;
let image: string;

beforeAll(async () => {
  database = await openMinerDatabase({ url: db.url, logger });
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
});
afterAll(async () => {
  await removeContainersByLabel(docker, TEST_LABEL);
  await database.close();
});

async function seed(status: AcceptedJobStatus): Promise<{ jobUuid: string; token: string }> {
  const jobUuid = randomUUID();
  const token = `${jobUuid}-${randomUUID()}`;
  await database.db.insert(acceptedJobs).values({ jobUuid, validatorHotkey: 'v', executorToken: token, executorClass: 'always_on.test', status, initialJobDetails: {} });
  return { jobUuid, token };
}

async function sleeper(labels: Record<string, string>): Promise<string> {
  const container = await docker.createContainer({ Image: image, Cmd: ['sleep', '300'], Labels: { [TEST_LABEL]: '1', ...labels } });
  await container.start();
  return container.id;
}

async function exists(id: string): Promise<boolean> {
  const found = await docker.listContainers({ all: true, filters: { id: [id] } });
  return found.length > 0;
}

describe('recoverJobs', () => {
  it('fails every unfinished job, kills its executor and removes its containers; finished jobs stay as they were', async () => {
    const waiting = await seed('WAITING_FOR_EXECUTOR');
    const ready = await seed('WAITING_FOR_PAYLOAD');
    const running = await seed('RUNNING');
    const finished = await seed('FINISHED');
    const rejected = await seed('REJECTED');
    const executorContainer = await sleeper({ [LABELS.executorToken]: running.token });
    const jobContainer = await sleeper({ [LABELS.role]: 'job', [LABELS.jobToken]: running.token });
    const bystander = await sleeper({ [LABELS.executorToken]: `${randomUUID()}-other` });
    const manager = new TestExecutorManager({});

    const abandoned = await recoverJobs({ jobs: new JobsRepo(database.db), manager, docker, logger });

    expect(abandoned.map((job) => job.jobUuid).sort()).toEqual([waiting.jobUuid, ready.jobUuid, running.jobUuid].sort());
    expect(manager.killed.sort()).toEqual([waiting.token, ready.token, running.token].sort());
    for (const job of [waiting, ready, running]) {
      const [row] = await database.db.select().from(acceptedJobs).where(eq(acceptedJobs.jobUuid, job.jobUuid));
      expect(row).toMatchObject({ status: 'FAILED', errorType: MINER_RESTARTED });
      expect(row?.finishedAt).toBeInstanceOf(Date);
    }
    for (const [job, status] of [
      [finished, 'FINISHED'],
      [rejected, 'REJECTED'],
    ] as const) {
      const [row] = await database.db.select().from(acceptedJobs).where(eq(acceptedJobs.jobUuid, job.jobUuid));
      expect(row).toMatchObject({ status, errorType: null });
    }
    expect(await exists(executorContainer)).toBe(false);
    expect(await exists(jobContainer)).toBe(false);
    expect(await exists(bystander)).toBe(true);
  }, 60_000);

  it('does nothing when every job is finished', async () => {
    const manager = new TestExecutorManager({});
    expect(await recoverJobs({ jobs: new JobsRepo(database.db), manager, logger })).toEqual([]);
    expect(manager.killed).toEqual([]);
  });
});
