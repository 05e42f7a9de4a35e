/**
 * The executor's cumulative deadline (the reference's `Timer`): each stage extends it by its own
 * limit, so time a stage did not use carries over to the next one.
 */
export class Deadline {
  private endsAt: number;

  /** Starts with `seconds` left. `now` is injectable for tests. */
  constructor(
    seconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.endsAt = now() + seconds * 1000;
  }

  /** Moves the end by `seconds`: an overrun of an earlier stage is not forgiven. */
  extend(seconds: number): void {
    this.endsAt += seconds * 1000;
  }

  /** Milliseconds left, never negative. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - this.now());
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }
}
