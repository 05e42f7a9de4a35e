import type { StatusEntry } from '../db/jobs';
import type { RedisBus } from './redis-bus';

/**
 * Job statuses fanned out to every replica: each stored status is published on the job's channel,
 * where the SSE streams of any replica listen.
 */
export class JobEvents {
  constructor(private readonly bus: RedisBus) {}

  async publish(jobUuid: string, entry: StatusEntry): Promise<void> {
    await this.bus.publish(this.channel(jobUuid), JSON.stringify(entry));
  }

  /** Resolves once subscribed; the result unsubscribes. */
  subscribe(jobUuid: string, listener: (entry: StatusEntry) => void): Promise<() => Promise<void>> {
    return this.bus.subscribe(this.channel(jobUuid), (text) => listener(JSON.parse(text) as StatusEntry));
  }

  private channel(jobUuid: string): string {
    return this.bus.key(`job:${jobUuid}`);
  }
}
