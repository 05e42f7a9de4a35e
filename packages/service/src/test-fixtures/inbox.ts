/**
 * Collects values pushed by callbacks and lets a test await them in order, with a timeout, instead
 * of sleeping.
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<(item: T) => void> = [];

  push = (item: T): void => {
    const waiter = this.waiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  };

  /** The next value, in push order; rejects after `timeoutMs`. */
  next(timeoutMs = 5_000): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`inbox: nothing within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (value: T): void => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push(waiter);
    });
  }

  /** Values that arrived and were not taken yet. */
  get pending(): readonly T[] {
    return this.items;
  }
}
