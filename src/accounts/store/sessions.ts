import type { Insertable, Kysely } from 'kysely';
import type { SessionsTable, Tables } from '../../store/tables.ts';
import type { UserRow } from './rows.ts';

type Db = Kysely<Tables>;

export function insertSession(db: Db, session: Insertable<SessionsTable>): Promise<unknown> {
  return db.insertInto('sessions').values(session).execute();
}

/** A live session and its user, or undefined when unknown or expired. */
export async function getLiveSession(
  db: Db,
  id: string,
  now: string,
): Promise<{ csrf: string; last_seen_at: string; user: UserRow } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf', 'sessions.last_seen_at'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const { csrf, last_seen_at, ...user } = row;
  return { csrf, last_seen_at, user };
}

export function touchSession(db: Db, id: string, now: string): Promise<unknown> {
  return db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export function deleteSession(db: Db, id: string): Promise<unknown> {
  return db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends a user's sessions, except `keep` (the session changing its own password). */
export function deleteUserSessions(db: Db, userId: number, keep?: string): Promise<unknown> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep !== undefined) query = query.where('id', '!=', keep);
  return query.execute();
}

export function deleteExpiredSessions(db: Db, now: string): Promise<unknown> {
  return db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
