/**
 * The `organic-jobs` queue, as seen by producers: add a job (payload parsed first, BullMQ job id =
 * job uuid), find where a job is, and take a job out while it still waits.
 */
import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import { JOB_CATALOG, ORGANIC_QUEUE, parseJobPayload } from './catalog';
import type { OrganicJobRequestInput } from '../services/organic-job-request';

export interface QueueConnection {
  readonly connection: ConnectionOptions;
  /** BullMQ key prefix (several validators or tests may share one Redis). */
  readonly prefix: string;
}

/** Where a job is in BullMQ; `missing` when it is not there (finished and removed, or never added). */
export type QueueState = 'waiting' | 'delayed' | 'prioritized' | 'waiting-children' | 'active' | 'completed' | 'failed' | 'missing' | 'unknown';

const WAITING: readonly QueueState[] = ['waiting', 'delayed', 'prioritized', 'waiting-children'];

export class OrganicQueue {
  private readonly queue: Queue;

  constructor(options: QueueConnection) {
    this.queue = new Queue(ORGANIC_QUEUE, { connection: options.connection, prefix: options.prefix });
  }

  async enqueue(request: OrganicJobRequestInput): Promise<void> {
    const payload = parseJobPayload('organic-job', request);
    await this.queue.add('organic-job', payload, { ...JOB_CATALOG['organic-job'].options, jobId: payload.uuid });
  }

  async state(jobUuid: string): Promise<QueueState> {
    const job = await this.queue.getJob(jobUuid);
    if (!job) return 'missing';
    return (await job.getState()) as QueueState;
  }

  static isWaiting(state: QueueState): boolean {
    return WAITING.includes(state);
  }

  /** Removes the job if it has not started; false when it is running (or gone). */
  async removeIfWaiting(jobUuid: string): Promise<boolean> {
    const job = await this.queue.getJob(jobUuid);
    if (!job || !OrganicQueue.isWaiting((await job.getState()) as QueueState)) return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false; // it became active meanwhile (locked): cancel it as a running job
    }
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
