/**
 * Cancellation of running jobs across processes: the process that takes a cancel request records it
 * (a Redis key, so that a worker picking the job up a moment later still sees it) and publishes it;
 * the worker process holding the job aborts it.
 */
import type { Redis } from 'ioredis';

export interface CancelRequest {
  readonly jobUuid: string;
  readonly reason: string;
}

export type CancelListener = (request: CancelRequest) => void;

/** How long a cancel request is remembered for a job not yet picked up. */
const REQUEST_TTL_S = 24 * 3600;

export class CancelChannel {
  private readonly listeners = new Set<CancelListener>();
  private subscribed: Promise<unknown> | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix = 'horde:validator',
  ) {}

  private get channel(): string {
    return `${this.prefix}:job-control`;
  }

  private key(jobUuid: string): string {
    return `${this.prefix}:cancel:${jobUuid}`;
  }

  async request(jobUuid: string, reason: string): Promise<void> {
    const frame = JSON.stringify({ jobUuid, reason } satisfies CancelRequest);
    await this.publisher.multi().set(this.key(jobUuid), reason, 'EX', REQUEST_TTL_S).publish(this.channel, frame).exec();
  }

  /** The reason of a pending cancel request for the job, if any. */
  async requested(jobUuid: string): Promise<string | null> {
    return this.publisher.get(this.key(jobUuid));
  }

  async listen(listener: CancelListener): Promise<void> {
    this.listeners.add(listener);
    this.subscribed ??= this.subscribeOnce();
    await this.subscribed;
  }

  private async subscribeOnce(): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let parsed: CancelRequest;
      try {
        parsed = JSON.parse(text) as CancelRequest;
      } catch {
        return; // only request() writes here
      }
      for (const listener of this.listeners) listener(parsed);
    });
    await this.subscriber.subscribe(this.channel);
  }
}
