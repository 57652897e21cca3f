import { type Kysely, sql } from 'kysely';

/**
 * Rewrites devices.sort_key for names as hex of their UTF-8 bytes, so that listings sort
 * the same on SQLite and on a PostgreSQL whose collation is not byte order. The key is
 * computed here, not imported: a migration must not change when today's code does.
 */
function sortKey(idJson: string): string {
  const id: unknown = JSON.parse(idJson);
  if (typeof id === 'number') return `0${String(Math.max(0, Math.round(id) + 1e15)).padStart(17, '0')}`;
  return `1${Buffer.from(String(id), 'utf8').toString('hex')}`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ kind: string; id: string }>`select kind, id from devices`.execute(db);
  for (const row of rows) {
    await sql`update devices set sort_key = ${sortKey(row.id)} where kind = ${row.kind} and id = ${row.id}`.execute(
      db,
    );
  }
}

export async function down(): Promise<void> {
  // The old keys sorted the same where they sorted at all; nothing to undo.
}
