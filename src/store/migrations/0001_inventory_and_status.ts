import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's row types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('id', 'varchar(128)', (c) => c.notNull())
    .addColumn('sort_key', 'varchar(160)', (c) => c.notNull())
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('model', 'varchar(256)')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('mac', 'varchar(32)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('hostname', 'varchar(256)')
    .addColumn('power', 'text')
    .addColumn('probe', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('devices_pk', ['kind', 'id'])
    .execute();
  await db.schema.createIndex('devices_by_order').on('devices').columns(['kind', 'sort_key']).execute();
  await db.schema.createIndex('devices_by_mac').on('devices').column('mac').execute();

  await db.schema
    .createTable('device_tags')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('id', 'varchar(128)', (c) => c.notNull())
    .addColumn('tag', 'varchar(128)', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_tags_pk', ['kind', 'id', 'tag'])
    .execute();
  await db.schema.createIndex('device_tags_by_tag').on('device_tags').column('tag').execute();

  await db.schema
    .createTable('live_status')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_status_pk', ['kind', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('live_status').execute();
  await db.schema.dropTable('device_tags').execute();
  await db.schema.dropTable('devices').execute();
}
