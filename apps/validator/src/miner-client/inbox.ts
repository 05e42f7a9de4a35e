/**
 * What the miner sent about one job, waited on stage by stage. A failure, decline or horde failure
 * for the job ends every wait, whatever it waited for; so do a closed socket and the caller's abort.
 */
import type { MinerToValidatorMessage } from '@horde/protocol';

export type MinerMessageType = MinerToValidatorMessage['message_type'];

/** Messages that end a job whatever stage it is in. */
export const ENDING_TYPES = ['V0DeclineJobRequest', 'V0JobFailedRequest', 'V0HordeFailedRequest', 'V0ExecutorFailedRequest', 'V0StreamingJobNotReadyRequest'] as const;
export type EndingMessage = Extract<MinerToValidatorMessage, { message_type: (typeof ENDING_TYPES)[number] }>;

export type WaitResult =
  | { readonly kind: 'message'; readonly message: MinerToValidatorMessage }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  | { readonly kind: 'aborted' };

interface Waiter {
  readonly types: readonly MinerMessageType[];
  readonly settle: (result: WaitResult) => void;
}

export class JobInbox {
  private readonly queue: MinerToValidatorMessage[] = [];
  private waiter: Waiter | undefined;
  private end: WaitResult | undefined;

  constructor(private readonly jobUuid: string) {}

  /** A frame from the miner; frames about other jobs are ignored. */
  push(message: MinerToValidatorMessage): void {
    if ('job_uuid' in message && message.job_uuid !== this.jobUuid) return;
    this.queue.push(message);
    this.deliver();
  }

  /** No more frames will come (socket closed, or the caller aborted). */
  finish(result: Extract<WaitResult, { kind: 'closed' | 'aborted' }>): void {
    this.end ??= result;
    this.deliver();
  }

  /** The first message of one of `types` (or one that ends the job), or why none came before `deadline` (epoch ms). */
  next(types: readonly MinerMessageType[], deadline: number): Promise<WaitResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'timeout' }), Math.max(0, deadline - Date.now()));
      const settle = (result: WaitResult): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(result);
      };
      this.waiter = { types: [...types, ...ENDING_TYPES], settle };
      this.deliver();
    });
  }

  private deliver(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const index = this.queue.findIndex((message) => waiter.types.includes(message.message_type));
    if (index >= 0) {
      const [message] = this.queue.splice(0, index + 1).slice(-1);
      waiter.settle({ kind: 'message', message: message! });
    } else if (this.end) {
      waiter.settle(this.end);
    }
  }
}
