import type { Transaction } from 'kysely';
import type { Tables } from '../../store/tables.ts';

/**
 * The first statement of every booking transaction: it updates the calendar's one lock row,
 * so that on PostgreSQL the next booking waits for this one to commit (row lock) and then
 * sees its lease, and on SQLite the write lock is taken at once. No EXCLUDE constraint and
 * no advisory lock: both dialects accept it as is.
 */
export async function lockCalendar(trx: Transaction<Tables>): Promise<void> {
  const result = await trx
    .updateTable('lease_calendar')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 'nodes')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Error('the lease calendar lock row is missing');
}
