import { coerceError } from '../lib/errors.ts';

export interface CoalesceOptions {
  /** Wait after the first request of a burst, so that the burst makes one run. */
  delayMs: number;
  /** After a failed run, run again this much later even if nothing asks. */
  retryMs: number;
  onError: (error: Error) => void;
}

/**
 * Runs a task on request, once per burst: requests while a run is waiting join it, and
 * requests during a run make exactly one more run after it. Runs never overlap.
 */
export class Coalescer {
  private timer: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly options: CoalesceOptions,
  ) {}

  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.timer ??= setTimeout(() => this.fire(), this.options.delayMs);
  }

  /** Runs now (start-up), or after the current run; resolves when that run is over. */
  async runNow(): Promise<void> {
    await this.running;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.fire();
    await this.running;
  }

  /** Resolves once nothing is waiting or running. */
  async idle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    this.timer = undefined;
    await this.running;
  }

  private fire(): void {
    this.timer = undefined;
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.running = this.task()
      .catch((error: unknown) => {
        this.options.onError(coerceError(error));
        if (!this.stopped) this.retry = setTimeout(() => this.request(), this.options.retryMs).unref();
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }
}
