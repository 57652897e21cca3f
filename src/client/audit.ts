import type { AuditEntry, AuditPage, AuditQuery } from '../audit/index.ts';
import type { RigClient } from './http.ts';

/** What `GET /api/v1/audit` accepts; every field optional. */
export type AuditFilter = Partial<Omit<AuditQuery, 'cursor' | 'limit'>>;

/** The audit log (`/api/v1/audit`; operators and admins). */
export class AuditClient {
  constructor(private readonly http: RigClient) {}

  /** One page, newest first; pass `next_cursor` as `cursor` for the next. */
  page(query: Partial<AuditQuery> = {}): Promise<AuditPage> {
    return this.http.request('GET', '/api/v1/audit', { query: { ...query } });
  }

  /** Up to `limit` entries matching the filter, newest first, read a page at a time. */
  async list(filter: AuditFilter = {}, limit = 100): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    while (entries.length < limit) {
      const page = await this.page({ ...filter, limit: Math.min(1000, limit - entries.length), cursor });
      entries.push(...page.entries);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    return entries;
  }
}
