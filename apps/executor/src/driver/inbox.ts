import { assertNever } from '@horde/protocol';
import type { HordeError, MinerToExecutorMessage, V0InitialJobRequest, V0JobRequest } from '@horde/protocol';
import { executorErrors } from '../errors';
import type { Deadline } from './deadline';

/** The two requests the driver waits for. */
export type AwaitedType = 'V0InitialJobRequest' | 'V0JobRequest';
type AwaitedMessage<T extends AwaitedType> = T extends 'V0InitialJobRequest' ? V0InitialJobRequest : V0JobRequest;

interface Waiter {
  readonly type: AwaitedType;
  resolve(message: V0InitialJobRequest | V0JobRequest): void;
  reject(error: HordeError): void;
}

/**
 * Inbound messages from the miner, kept until the driver asks for them. It applies the
 * reference's rules at arrival (`accept`): a second initial request, a job request before the
 * initial one, or a second job request is refused — the caller answers it with `GenericError`
 * and the job goes on. A `GenericError` from the miner, or the socket closing (`fail`), makes
 * every pending and later `next` reject at once.
 */
export class Inbox {
  private initial: V0InitialJobRequest | undefined;
  private job: V0JobRequest | undefined;
  private failure: HordeError | undefined;
  private readonly waiters = new Set<Waiter>();

  /** Takes one inbound message; returns the `GenericError` details to answer with when it is refused. */
  accept(message: MinerToExecutorMessage): string | undefined {
    switch (message.message_type) {
      case 'GenericError':
        this.fail(executorErrors.error('MINER_ERROR', message.details ?? undefined, { context: { details: message.details ?? null } }));
        return undefined;
      case 'V0InitialJobRequest':
        if (this.initial) return `Received duplicate initial job request: first job_uuid=${this.initial.job_uuid} and then job_uuid=${message.job_uuid}`;
        this.initial = message;
        this.deliver(message);
        return undefined;
      case 'V0JobRequest':
        if (!this.initial) return `Received job request before an initial job request job_uuid=${message.job_uuid}`;
        if (this.job) return `Received duplicate full job payload request: first job_uuid=${this.initial.job_uuid} and then job_uuid=${message.job_uuid}`;
        this.job = message;
        this.deliver(message);
        return undefined;
      default:
        return assertNever(message, 'message');
    }
  }

  /** The conversation is over (socket closed, miner error): every wait rejects with `error`. The first failure wins. */
  fail(error: HordeError): void {
    this.failure ??= error;
    for (const waiter of this.waiters) waiter.reject(this.failure);
    this.waiters.clear();
  }

  /** Why the inbox failed, if it did. */
  get failed(): HordeError | undefined {
    return this.failure;
  }

  /**
   * Resolves with the message of `type` (at once if it already arrived). Rejects with
   * DEADLINE_EXCEEDED when `deadline` runs out first, or with the inbox's failure.
   */
  next<T extends AwaitedType>(type: T, deadline: Deadline): Promise<AwaitedMessage<T>> {
    const arrived = type === 'V0InitialJobRequest' ? this.initial : this.job;
    if (arrived) return Promise.resolve(arrived as AwaitedMessage<T>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<AwaitedMessage<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(executorErrors.error('DEADLINE_EXCEEDED', `waiting for ${type}`, { context: { waiting_for: type } }));
      }, deadline.remainingMs());
      const waiter: Waiter = {
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as AwaitedMessage<T>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private deliver(message: V0InitialJobRequest | V0JobRequest): void {
    for (const waiter of this.waiters) {
      if (waiter.type !== message.message_type) continue;
      this.waiters.delete(waiter);
      waiter.resolve(message);
    }
  }
}
