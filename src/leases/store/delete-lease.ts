import type { Db } from './select-leases.ts';

/** Deletes a lease (its nodes go with it, by cascade and explicitly for SQLite safety). */
export async function deleteLease(db: Db, id: number): Promise<boolean> {
  await db.deleteFrom('lease_nodes').where('lease_id', '=', id).execute();
  const result = await db.deleteFrom('leases').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
