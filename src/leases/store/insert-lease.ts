import type { Insertable } from 'kysely';
import type { LeasesTable } from '../../store/tables.ts';
import type { Db } from './select-leases.ts';

const CHUNK = 500;

/** Inserts a lease and its nodes (JSON text ids); returns its id. */
export async function insertLease(
  db: Db,
  lease: Insertable<LeasesTable>,
  nodeKeys: readonly string[],
): Promise<number> {
  const { id } = await db.insertInto('leases').values(lease).returning('id').executeTakeFirstOrThrow();
  for (let i = 0; i < nodeKeys.length; i += CHUNK) {
    const rows = nodeKeys.slice(i, i + CHUNK).map((node_id) => ({ lease_id: id, node_id }));
    await db.insertInto('lease_nodes').values(rows).execute();
  }
  return id;
}
