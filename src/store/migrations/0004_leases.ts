import type { Kysely } from 'kysely';
import { identity } from './columns.ts';

/**
 * Leases: a slice books nodes (or the whole testbed) for a time range. Overlaps are
 * checked in the booking transaction after it takes the calendar's lock row (see
 * src/leases/store), which serialises bookings the same way on both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('id', 'integer', identity(db))
    .addColumn('slice_id', 'integer', (c) => c.notNull().references('slices.id'))
    .addColumn('t_from', 'varchar(32)', (c) => c.notNull())
    .addColumn('t_until', 'varchar(32)', (c) => c.notNull())
    .addColumn('whole', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('leases_by_until').on('leases').column('t_until').execute();
  await db.schema.createIndex('leases_by_slice').on('leases').column('slice_id').execute();

  await db.schema
    .createTable('lease_nodes')
    .addColumn('lease_id', 'integer', (c) => c.notNull().references('leases.id').onDelete('cascade'))
    .addColumn('node_id', 'varchar(128)', (c) => c.notNull())
    .addPrimaryKeyConstraint('lease_nodes_pk', ['lease_id', 'node_id'])
    .execute();
  await db.schema.createIndex('lease_nodes_by_node').on('lease_nodes').column('node_id').execute();

  await db.schema
    .createTable('lease_calendar')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('lease_calendar' as never)
    .values({ id: 'nodes', version: 0 } as never)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['lease_calendar', 'lease_nodes', 'leases']) await db.schema.dropTable(table).execute();
}
