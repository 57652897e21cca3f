import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_inventory_and_status.ts';
import * as m0002 from './0002_collation_free_sort_keys.ts';

/**
 * Every migration, in order. Names sort as they apply; a migration once released is never
 * edited, only followed by a new one.
 */
const migrations: Record<string, Migration> = {
  '0001_inventory_and_status': m0001,
  '0002_collation_free_sort_keys': m0002,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
