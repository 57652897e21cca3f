import type { Insertable, Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Clock, isoTime } from '../lib/clock.ts';
import { coerceError } from '../lib/errors.ts';
import type { AuditLogTable, Tables } from '../store/tables.ts';
import type { AuditRecord, AuditSink } from './schema.ts';
import { insertEntries } from './store/insert-entries.ts';
import { recordToRow } from './store/rows.ts';

export interface AuditWriterOptions {
  flushIntervalMs: number;
  /** Entries kept in memory while the store cannot take them; the oldest go first. */
  maxPending: number;
}

/**
 * Write-behind of audit entries, like the status persister: `record` only queues (the
 * request that caused it is not slowed), and one transaction per period writes the queue.
 * A failed write keeps its entries for the next period, up to `maxPending`.
 */
export class AuditWriter implements AuditSink {
  private pending: Insertable<AuditLogTable>[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly options: AuditWriterOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    if (this.pending.length) this.schedule();
  }

  record(entry: AuditRecord): void {
    this.pending.push(recordToRow(entry, isoTime(this.clock)));
    if (this.pending.length > this.options.maxPending) {
      this.dropped += this.pending.length - this.options.maxPending;
      this.pending.splice(0, this.pending.length - this.options.maxPending);
    }
    this.schedule();
  }

  /** Writes everything queued; resolves when it is stored (or the write failed). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    if (!this.pending.length) return;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.flush();
  }

  private schedule(): void {
    if (this.timer || !this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushIntervalMs);
    this.timer.unref?.();
  }

  private async write(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (this.dropped) {
      this.logger.error({ dropped: this.dropped }, 'audit entries dropped: the store did not keep up');
      this.dropped = 0;
    }
    try {
      await insertEntries(this.db, batch);
    } catch (error) {
      const err = coerceError(error);
      if (!this.running) {
        this.logger.error({ err, entries: batch.length }, 'audit write failed at stop; entries lost');
        return;
      }
      this.logger.error({ err }, 'audit write failed; will retry');
      this.pending = [...batch, ...this.pending].slice(-this.options.maxPending);
      this.schedule();
    }
  }
}
