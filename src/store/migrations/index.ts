import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_inventory_and_status.ts';
import * as m0002 from './0002_collation_free_sort_keys.ts';
import * as m0003 from './0003_accounts.ts';
import * as m0004 from './0004_leases.ts';
import * as m0005 from './0005_audit.ts';
import * as m0006 from './0006_lease_phase.ts';

/**
 * Every migration, in order. Names sort as they apply; a migration once released is never
 * edited, only followed by a new one.
 */
const migrations: Record<string, Migration> = {
  '0001_inventory_and_status': m0001,
  '0002_collation_free_sort_keys': m0002,
  '0003_accounts': m0003,
  '0004_leases': m0004,
  '0005_audit': m0005,
  '0006_lease_phase': m0006,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
