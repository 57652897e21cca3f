import type { Insertable, Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Clock, isoTime } from '../lib/clock.ts';
import { coerceError } from '../lib/errors.ts';
import { WriteBehind } from '../lib/write-behind.ts';
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
  private readonly buffer: WriteBehind;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly options: AuditWriterOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.buffer = new WriteBehind(
      options.flushIntervalMs,
      () => this.pending.length > 0,
      () => this.write(),
    );
  }

  start(): void {
    this.buffer.start();
  }

  record(entry: AuditRecord): void {
    this.pending.push(recordToRow(entry, isoTime(this.clock)));
    if (this.pending.length > this.options.maxPending) {
      this.dropped += this.pending.length - this.options.maxPending;
      this.pending.splice(0, this.pending.length - this.options.maxPending);
    }
    this.buffer.schedule();
  }

  /** Writes everything queued; resolves when it is stored (or the write failed). */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  stop(): Promise<void> {
    return this.buffer.stop();
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
      if (this.buffer.stopping) {
        this.logger.error({ err, entries: batch.length }, 'audit write failed at stop; entries lost');
        return;
      }
      this.logger.error({ err }, 'audit write failed; will retry');
      this.pending = [...batch, ...this.pending].slice(-this.options.maxPending);
      this.buffer.schedule();
    }
  }
}
