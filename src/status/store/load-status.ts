import type { Kysely } from 'kysely';
import type { Tables } from '../../store/tables.ts';
import type { StatusRecord } from '../schema.ts';

export interface StoredStatus {
  kind: string;
  position: number;
  record: StatusRecord;
}

export async function loadStatus(db: Kysely<Tables>): Promise<StoredStatus[]> {
  const rows = await db
    .selectFrom('live_status')
    .select(['kind', 'position', 'record'])
    .orderBy('kind')
    .orderBy('position')
    .execute();
  return rows.map((row) => ({ kind: row.kind, position: row.position, record: JSON.parse(row.record) }));
}
