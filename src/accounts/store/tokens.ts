import type { Insertable, Kysely } from 'kysely';
import type { ApiTokensTable, Tables } from '../../store/tables.ts';
import type { TokenRow, UserRow } from './rows.ts';

type Db = Kysely<Tables>;

export function insertToken(db: Db, token: Insertable<ApiTokensTable>): Promise<TokenRow> {
  return db.insertInto('api_tokens').values(token).returningAll().executeTakeFirstOrThrow();
}

/** A usable token and its user: not revoked, not expired. */
export async function getLiveToken(
  db: Db,
  hash: string,
  now: string,
): Promise<{ token: TokenRow; user: UserRow } | undefined> {
  const token = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('hash', '=', hash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  if (!token) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst();
  return user && { token, user };
}

export function listTokens(db: Db, userId: number): Promise<TokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

export function getToken(db: Db, id: number): Promise<TokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeToken(db: Db, id: number, now: string): Promise<TokenRow | undefined> {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export function touchToken(db: Db, id: number, now: string): Promise<unknown> {
  return db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
