import type { Db } from './select-leases.ts';

/** Moves a lease's start and end; false when it no longer exists. */
export async function updateLeaseTimes(
  db: Db,
  id: number,
  times: { t_from: string; t_until: string; updated_at: string },
): Promise<boolean> {
  const result = await db.updateTable('leases').set(times).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
