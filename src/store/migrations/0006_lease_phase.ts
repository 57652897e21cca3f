import type { Kysely } from 'kysely';

/**
 * How far a lease's life has been announced (0 not started, 1 started, 2 ended), so that
 * leases that started or ended while Rig was down get their facts (and power-off) at the
 * next start, once each.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('leases')
    .addColumn('phase', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('leases_by_phase').on('leases').columns(['phase', 't_from']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('leases_by_phase').execute();
  await db.schema.alterTable('leases').dropColumn('phase').execute();
}
