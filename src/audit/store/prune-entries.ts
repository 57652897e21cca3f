import type { Kysely } from 'kysely';
import type { Tables } from '../../store/tables.ts';

/** Deletes the entries older than `before` (ISO time); returns how many. */
export async function pruneEntries(db: Kysely<Tables>, before: string): Promise<number> {
  const result = await db.deleteFrom('audit_log').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
