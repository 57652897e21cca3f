import type { Insertable, Selectable } from 'kysely';
import type { AuditLogTable } from '../../store/tables.ts';
import type { AuditEntry, AuditRecord, AuditResult } from '../schema.ts';

export type AuditRow = Selectable<AuditLogTable>;

const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** A record as a row: texts cut to their columns' sizes, details as JSON text. */
export function recordToRow(record: AuditRecord, now: string): Insertable<AuditLogTable> {
  return {
    at: record.at ?? now,
    actor_id: record.actor.id,
    actor: cut(record.actor.name, 64),
    via: cut(record.actor.via, 16),
    token_id: record.actor.token_id,
    action: cut(record.action, 64),
    target_kind: record.target ? cut(record.target.kind, 32) : null,
    target_id: record.target?.id == null ? null : cut(record.target.id, 128),
    result: record.result,
    status: record.status ?? null,
    address: record.address == null ? null : cut(record.address, 64),
    details: JSON.stringify(record.details ?? {}),
  };
}

export function rowToEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actor: {
      id: row.actor_id === null ? null : Number(row.actor_id),
      name: row.actor,
      via: row.via,
      token_id: row.token_id === null ? null : Number(row.token_id),
    },
    action: row.action,
    target: row.target_kind === null ? null : { kind: row.target_kind, id: row.target_id },
    result: row.result as AuditResult,
    status: row.status === null ? null : Number(row.status),
    address: row.address,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
