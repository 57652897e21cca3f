import type { Kysely, Transaction } from 'kysely';
import { idKey } from '../../lib/device-ref.ts';
import type { Tables } from '../../store/tables.ts';
import type { Device } from '../schema.ts';
import { deviceToRow } from './rows.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

async function writeTags(db: Db, device: Device): Promise<void> {
  const id = idKey(device.id);
  await db.deleteFrom('device_tags').where('kind', '=', device.kind).where('id', '=', id).execute();
  if (device.tags.length) {
    await db
      .insertInto('device_tags')
      .values(device.tags.map((tag) => ({ kind: device.kind, id, tag })))
      .execute();
  }
}

/**
 * Inserts a device unless one with the same kind and id exists. Returns false on a
 * duplicate: ON CONFLICT DO NOTHING works on both dialects, so no error code to decode,
 * and it holds under concurrency (the primary key decides).
 */
export async function insertDevice(db: Db, device: Device): Promise<boolean> {
  const result = await db
    .insertInto('devices')
    .values(deviceToRow(device))
    .onConflict((oc) => oc.columns(['kind', 'id']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await writeTags(db, device);
  return true;
}

/**
 * Replaces a stored device if it is still at `device.revision - 1`; returns false when it
 * is gone or another writer changed it first (the caller re-reads and retries).
 */
export async function replaceDevice(db: Db, device: Device): Promise<boolean> {
  const { kind, id, created_at, ...changes } = deviceToRow(device);
  const result = await db
    .updateTable('devices')
    .set(changes)
    .where('kind', '=', kind)
    .where('id', '=', id)
    .where('revision', '=', device.revision - 1)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await writeTags(db, device);
  return true;
}
