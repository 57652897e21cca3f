import type { Kysely } from 'kysely';
import type { Clock } from '../lib/clock.ts';
import type { Tables } from '../store/tables.ts';
import type { AuditPage, AuditQuery, AuditRecord, AuditSink } from './schema.ts';
import { pruneEntries } from './store/prune-entries.ts';
import { queryEntries } from './store/query-entries.ts';
import { rowToEntry } from './store/rows.ts';
import type { AuditWriter } from './writer.ts';

const DAY_MS = 86_400_000;

/** The audit log as other features see it: record (queued), query, prune. */
export interface AuditService extends AuditSink {
  query(query: AuditQuery): Promise<AuditPage>;
  /** Deletes the entries older than the retention; returns how many. */
  prune(): Promise<number>;
  /** Stores everything recorded so far. */
  flush(): Promise<void>;
}

export class AuditLog implements AuditService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly writer: AuditWriter,
    private readonly retentionDays: number,
    private readonly clock: Clock,
  ) {}

  record(entry: AuditRecord): void {
    this.writer.record(entry);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    // What was recorded before this query is part of its answer.
    await this.writer.flush();
    const rows = await queryEntries(this.db, query);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      entries: page.map(rowToEntry),
      next_cursor: rows.length > query.limit && last ? String(last.id) : null,
    };
  }

  prune(): Promise<number> {
    const before = new Date(this.clock.now() - this.retentionDays * DAY_MS).toISOString();
    return pruneEntries(this.db, before);
  }
}
