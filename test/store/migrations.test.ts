import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idSortKey } from '../../src/lib/device-ref.ts';
import { createMigrator, migrateToLatest, openStore } from '../../src/store/database.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { createPgSchema, type PgSchema, postgresReachable } from '../../test/helpers/postgres.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';
// Every migration the code ships, in order: a new one needs no change here.
const allMigrations = Object.keys(await migrationProvider.getMigrations()).sort();

describe.each(['sqlite', 'postgres'] as const)('migrations on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let url: string;
  let dir: string;
  let schema: PgSchema | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rig-store-'));
    if (skip) return;
    if (dialect === 'postgres') {
      schema = await createPgSchema();
      url = schema.url;
    } else {
      url = `sqlite:${path.join(dir, 'rig.db')}`;
    }
  });
  afterAll(async () => {
    await schema?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)('applies every migration to a fresh database, then none on restart', async () => {
    const first = openStore(url);
    try {
      expect(await migrateToLatest(first)).toEqual(allMigrations);
      await first.db
        .insertInto('live_status')
        .values({ kind: 'node', id: '1', position: 0, record: '{"id":1}', updated_at: 'now' })
        .execute();
    } finally {
      await first.close();
    }
    const second = openStore(url);
    try {
      expect(await migrateToLatest(second)).toEqual([]);
      const rows = await second.db.selectFrom('live_status').selectAll().execute();
      expect(rows).toHaveLength(1);
      for (const table of ['devices', 'device_tags'] as const) {
        expect(await second.db.selectFrom(table).selectAll().execute()).toEqual([]);
      }
    } finally {
      await second.close();
    }
  });

  it.skipIf(skip)('rewrites sort keys of devices stored before 0002', async () => {
    const fresh = dialect === 'postgres' ? await createPgSchema() : undefined;
    const target = openStore(fresh?.url ?? `sqlite:${path.join(dir, 'old.db')}`);
    try {
      const migrator = await createMigrator(target);
      expect((await migrator.migrateTo('0001_inventory_and_status')).error).toBeUndefined();
      const row = (id: string, sortKey: string) => ({
        kind: 'pdu',
        id,
        sort_key: sortKey,
        name: 'x',
        model: null,
        tags: '[]',
        attributes: '{}',
        mac: null,
        ip: null,
        hostname: null,
        power: null,
        probe: null,
        revision: 1,
        created_at: 'then',
        updated_at: 'then',
      });
      await target.db
        .insertInto('devices')
        .values([row('"Zeta"', '1Zeta'), row('7', `0${'7'.padStart(17, '0')}`)])
        .execute();
      expect(await migrateToLatest(target)).toEqual(allMigrations.slice(1));
      const keys = await target.db.selectFrom('devices').select(['id', 'sort_key']).orderBy('id').execute();
      expect(keys).toEqual([
        { id: '"Zeta"', sort_key: idSortKey('Zeta') },
        { id: '7', sort_key: idSortKey(7) },
      ]);
    } finally {
      await target.close();
      await fresh?.drop();
    }
  });
});

describe('SQLite store', () => {
  it('runs in WAL mode, in a file given by a plain path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rig-wal-'));
    const store = openStore(path.join(dir, 'nested', 'rig.db'));
    expect(store.dialect).toBe('sqlite');
    try {
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(rows[0]?.journal_mode).toBe('wal');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
