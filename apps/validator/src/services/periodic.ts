/**
 * A task run every `intervalMs`, never overlapping itself: the next run is scheduled when the
 * previous one has settled. `stop` cancels the next run and waits for the current one.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  /** `run` must not throw (log and swallow its own failures); a throw is passed to `onError`. */
  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Runs the task now, then every `intervalMs`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.fire();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private fire(): void {
    this.running = this.run()
      .then(() => undefined, this.onError)
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(() => this.fire(), this.intervalMs);
      });
  }
}
