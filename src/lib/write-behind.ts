/**
 * The timing of a write-behind buffer: callers queue work and `schedule()`; one write per
 * period runs `write()`, one at a time. Used by the live-status persister and the audit
 * writer, which own their queues (what to write, and what to keep when a write fails).
 */
export class WriteBehind {
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly intervalMs: number,
    private readonly hasPending: () => boolean,
    private readonly write: () => Promise<void>,
  ) {}

  get stopping(): boolean {
    return !this.running;
  }

  start(): void {
    this.running = true;
    if (this.hasPending()) this.schedule();
  }

  /** A write within the period, unless one is already due (or the buffer is stopped). */
  schedule(): void {
    if (this.timer || !this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs);
    this.timer.unref?.();
  }

  /** Writes everything pending now; resolves when it is written (or the write failed). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One write at a time; a caller arriving during one waits for it, then writes the rest.
    while (this.flushing) await this.flushing;
    if (!this.hasPending()) return;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.flush();
  }
}
