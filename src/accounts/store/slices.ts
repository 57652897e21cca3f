import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { SlicesTable, Tables } from '../../store/tables.ts';
import type { Slice } from '../schema.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export async function insertSlice(db: Db, slice: Insertable<SlicesTable>): Promise<number | undefined> {
  const row = await db
    .insertInto('slices')
    .values(slice)
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Slices with their members' names; all of them, or those named. */
export async function listSlices(
  db: Db,
  filter: { names?: string[]; memberId?: number } = {},
): Promise<Slice[]> {
  let query = db.selectFrom('slices').selectAll().orderBy('name');
  if (filter.names) query = query.where('name', 'in', filter.names.length ? filter.names : ['']);
  if (filter.memberId !== undefined) {
    const memberId = filter.memberId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('slice_members as m')
          .select('m.slice_id')
          .whereRef('m.slice_id', '=', 'slices.id')
          .where('m.user_id', '=', memberId),
      ),
    );
  }
  const slices = await query.execute();
  if (!slices.length) return [];
  const members = await db
    .selectFrom('slice_members')
    .innerJoin('users', 'users.id', 'slice_members.user_id')
    .select(['slice_members.slice_id', 'users.name'])
    .where(
      'slice_members.slice_id',
      'in',
      slices.map((s) => s.id),
    )
    .orderBy('users.name')
    .execute();
  return slices.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    members: members.filter((m) => m.slice_id === s.id).map((m) => m.name),
    created_at: s.created_at,
    updated_at: s.updated_at,
  }));
}

export function updateSlice(db: Db, id: number, change: Updateable<SlicesTable>): Promise<unknown> {
  return db.updateTable('slices').set(change).where('id', '=', id).execute();
}

export async function deleteSlice(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('slices').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function addMember(db: Db, sliceId: number, userId: number, now: string): Promise<boolean> {
  const result = await db
    .insertInto('slice_members')
    .values({ slice_id: sliceId, user_id: userId, added_at: now })
    .onConflict((oc) => oc.columns(['slice_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeMember(db: Db, sliceId: number, userId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('slice_members')
    .where('slice_id', '=', sliceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The id of one lease of the slice, if it has any. */
export async function firstLeaseOf(db: Db, sliceId: number): Promise<number | undefined> {
  const row = await db.selectFrom('leases').select('id').where('slice_id', '=', sliceId).executeTakeFirst();
  return row?.id;
}
