import type { Kysely, Transaction } from 'kysely';
import { idKey, type StatusId } from '../../lib/device-ref.ts';
import type { Tables } from '../../store/tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

/** Deletes a device and its tags; returns false when it did not exist. */
export async function deleteDevice(db: Db, kind: string, id: StatusId): Promise<boolean> {
  const key = idKey(id);
  await db.deleteFrom('device_tags').where('kind', '=', kind).where('id', '=', key).execute();
  const result = await db
    .deleteFrom('devices')
    .where('kind', '=', kind)
    .where('id', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
