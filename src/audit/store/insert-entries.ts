import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, Tables } from '../../store/tables.ts';

/** Rows per statement: well under the parameter limits of SQLite and PostgreSQL. */
const CHUNK = 500;

/** Appends entries in one transaction. */
export async function insertEntries(db: Kysely<Tables>, rows: Insertable<AuditLogTable>[]): Promise<void> {
  if (!rows.length) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('audit_log')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
  });
}
