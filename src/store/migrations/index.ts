import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_inventory_and_status.ts';

/**
 * Every migration, in order. Names sort as they apply; a migration once released is never
 * edited, only followed by a new one.
 */
const migrations: Record<string, Migration> = {
  '0001_inventory_and_status': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
