/**
 * Job status updates inside the validator, across processes: the BullMQ worker that drives a job
 * publishes each status; the facilitator client (another process, maybe another host) and the admin
 * API's watchers subscribe. Redis pub/sub, one channel per job plus one for all jobs. Updates have
 * the facilitator wire shape (V0JobStatusUpdate), so the facilitator client forwards them as they are.
 */
import type { Redis } from 'ioredis';
import { V0JobStatusUpdate } from '@horde/protocol';

export type JobStatusListener = (update: V0JobStatusUpdate) => void;

export class JobStatusBus {
  private readonly listeners = new Map<string, Set<JobStatusListener>>();
  private subscribed = false;

  /**
   * @param publisher a connection used for PUBLISH
   * @param subscriber a dedicated connection (Redis puts it in subscriber mode)
   * @param prefix channel namespace, so that tests and several validators can share one Redis
   */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix = 'horde:validator',
  ) {}

  channel(jobUuid: string | '*'): string {
    return `${this.prefix}:job-status:${jobUuid === '*' ? 'all' : jobUuid}`;
  }

  async publish(update: V0JobStatusUpdate): Promise<void> {
    const frame = JSON.stringify(V0JobStatusUpdate.parse(update));
    await this.publisher.multi().publish(this.channel(update.uuid), frame).publish(this.channel('*'), frame).exec();
  }

  /** Listens to one job's updates, or to every job's with '*'; returns the unsubscribe function. */
  async subscribe(jobUuid: string | '*', listener: JobStatusListener): Promise<() => Promise<void>> {
    this.ensureHandler();
    const channel = this.channel(jobUuid);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(listener);
    return async () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        await this.subscriber.unsubscribe(channel);
      }
    };
  }

  private ensureHandler(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.subscriber.on('message', (channel: string, text: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      const parsed = V0JobStatusUpdate.safeParse(JSON.parse(text));
      if (!parsed.success) return; // only our own publish() writes here
      for (const listener of [...set]) listener(parsed.data);
    });
  }
}
