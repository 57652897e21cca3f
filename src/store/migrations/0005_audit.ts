import type { Kysely } from 'kysely';
import { identity } from './columns.ts';

/** Who did what to which target, when, with what result. Never holds secrets. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', identity(db))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor', 'varchar(64)', (c) => c.notNull())
    .addColumn('via', 'varchar(16)', (c) => c.notNull())
    .addColumn('token_id', 'integer')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_kind', 'varchar(32)')
    .addColumn('target_id', 'varchar(128)')
    .addColumn('result', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('address', 'varchar(64)')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_by_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_by_actor').on('audit_log').columns(['actor', 'at']).execute();
  await db.schema.createIndex('audit_by_action').on('audit_log').columns(['action', 'at']).execute();
  await db.schema
    .createIndex('audit_by_target')
    .on('audit_log')
    .columns(['target_kind', 'target_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
