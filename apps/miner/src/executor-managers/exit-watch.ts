/**
 * Remembers how an executor ended and lets callers wait for it with a timeout, so that `wait(h, 0)`
 * answers at once whether the executor is still running.
 */
export class ExitWatch {
  private status: number | undefined;

  /** `ended` resolves with the exit status once the executor ended. */
  constructor(readonly ended: Promise<number>) {
    ended.then(
      (status) => (this.status = status),
      () => undefined, // surfaced by `wait`
    );
  }

  /** The exit status, or undefined while the executor runs. */
  get exitStatus(): number | undefined {
    return this.status;
  }

  /** The exit status, or null if the executor still runs after `timeoutMs`. */
  async wait(timeoutMs: number): Promise<number | null> {
    if (this.status !== undefined) return this.status;
    if (timeoutMs <= 0) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    try {
      return await Promise.race([this.ended, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
