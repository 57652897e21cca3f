import type { Insertable, Kysely, Selectable } from 'kysely';
import type { SshKeysTable, Tables } from '../../store/tables.ts';
import type { KeyType } from './parse.ts';
import type { SliceKeys, SshKey } from './schema.ts';

type Db = Kysely<Tables>;
type KeyRow = Selectable<SshKeysTable> & { user: string };

const toKey = (row: KeyRow): SshKey => ({
  id: row.id,
  user: row.user,
  algorithm: row.algorithm as KeyType,
  bits: Number(row.bits),
  fingerprint: row.fingerprint,
  comment: row.comment,
  public_key: row.public_key,
  created_at: row.created_at,
});

function selectKeys(db: Db) {
  return db
    .selectFrom('ssh_keys')
    .innerJoin('users', 'users.id', 'ssh_keys.user_id')
    .selectAll('ssh_keys')
    .select('users.name as user');
}

/** Inserts a key; undefined when the user already has one with this fingerprint. */
export async function insertKey(db: Db, key: Insertable<SshKeysTable>): Promise<number | undefined> {
  const row = await db
    .insertInto('ssh_keys')
    .values(key)
    // A key belongs to one account: the unique fingerprint decides even between concurrent adds.
    .onConflict((oc) => oc.column('fingerprint').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function getKey(db: Db, id: number): Promise<{ key: SshKey; userId: number } | undefined> {
  const row = await selectKeys(db).where('ssh_keys.id', '=', id).executeTakeFirst();
  return row && { key: toKey(row), userId: row.user_id };
}

/** Keys of one user, or of everyone, oldest first. */
export async function listKeys(db: Db, userId?: number): Promise<SshKey[]> {
  let query = selectKeys(db).orderBy('ssh_keys.id');
  if (userId !== undefined) query = query.where('ssh_keys.user_id', '=', userId);
  return (await query.execute()).map(toKey);
}

/** The owner of a fingerprint, whoever it is. */
export async function ownerOfFingerprint(db: Db, fingerprint: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('ssh_keys')
    .select('user_id')
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  return row?.user_id;
}

export async function countKeys(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('ssh_keys')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteKey(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('ssh_keys').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The enabled members of the named slices and their keys, in the order of `names`, users by name. */
export async function keysOfSlices(db: Db, names: readonly string[]): Promise<SliceKeys[]> {
  if (!names.length) return [];
  const members = await db
    .selectFrom('slices')
    .innerJoin('slice_members', 'slice_members.slice_id', 'slices.id')
    .innerJoin('users', 'users.id', 'slice_members.user_id')
    .select(['slices.name as slice', 'users.id as userId', 'users.name as user'])
    .where('slices.name', 'in', [...names])
    .where('users.disabled', '=', 0)
    .orderBy('slices.name')
    .orderBy('users.name')
    .execute();
  const userIds = [...new Set(members.map((m) => m.userId))];
  const keys = userIds.length
    ? await db
        .selectFrom('ssh_keys')
        .select(['user_id', 'public_key', 'comment', 'fingerprint'])
        .where('user_id', 'in', userIds)
        .orderBy('id')
        .execute()
    : [];
  const bySlice = new Map<string, SliceKeys>(names.map((slice) => [slice, { slice, members: [] }]));
  for (const member of members) {
    bySlice.get(member.slice)?.members.push({
      user: member.user,
      keys: keys
        .filter((k) => k.user_id === member.userId)
        .map(({ public_key, comment, fingerprint }) => ({ public_key, comment, fingerprint })),
    });
  }
  return [...bySlice.values()];
}
