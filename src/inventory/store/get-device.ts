import type { Kysely } from 'kysely';
import { idKey, type StatusId } from '../../lib/device-ref.ts';
import type { Tables } from '../../store/tables.ts';
import type { Device } from '../schema.ts';
import { rowToDevice } from './rows.ts';

export async function getDevice(db: Kysely<Tables>, kind: string, id: StatusId): Promise<Device | undefined> {
  const row = await db
    .selectFrom('devices')
    .selectAll()
    .where('kind', '=', kind)
    .where('id', '=', idKey(id))
    .executeTakeFirst();
  return row && rowToDevice(row);
}

/** Every device with this id, whatever its kind (ids are unique per kind only). */
export async function findDevicesById(db: Kysely<Tables>, id: StatusId): Promise<Device[]> {
  const rows = await db
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', idKey(id))
    .orderBy('kind')
    .execute();
  return rows.map(rowToDevice);
}
