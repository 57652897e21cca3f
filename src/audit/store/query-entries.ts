import { type Kysely, sql } from 'kysely';
import type { Tables } from '../../store/tables.ts';
import type { AuditQuery } from '../schema.ts';
import type { AuditRow } from './rows.ts';

/** `%` and `_` are LIKE wildcards; `\` escapes them (declared in the query for both dialects). */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Entries matching the query, newest first; one more than `limit` tells whether more follow. */
export function queryEntries(db: Kysely<Tables>, query: AuditQuery): Promise<AuditRow[]> {
  let select = db.selectFrom('audit_log').selectAll();
  if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
  if (query.action !== undefined) {
    const action = query.action;
    select = action.endsWith('*')
      ? select.where(sql<boolean>`action like ${likePrefix(action.slice(0, -1))} escape '\\'`)
      : select.where('action', '=', action);
  }
  if (query.target !== undefined) {
    const slash = query.target.indexOf('/');
    const kind = slash < 0 ? query.target : query.target.slice(0, slash);
    select = select.where('target_kind', '=', kind);
    if (slash >= 0) select = select.where('target_id', '=', query.target.slice(slash + 1));
  }
  if (query.result !== undefined) select = select.where('result', '=', query.result);
  // Stored times are ISO-8601 UTC with milliseconds: normalised bounds compare as text.
  if (query.since !== undefined) select = select.where('at', '>=', new Date(query.since).toISOString());
  if (query.until !== undefined) select = select.where('at', '<', new Date(query.until).toISOString());
  if (query.cursor !== undefined) select = select.where('id', '<', Number(query.cursor));
  return select
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
}
