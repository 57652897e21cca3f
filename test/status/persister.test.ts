import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/lib/clock.ts';
import { LiveState } from '../../src/status/live-state.ts';
import { StatusPersister } from '../../src/status/persister.ts';
import { loadStatus } from '../../src/status/store/load-status.ts';
import { migrateToLatest, openStore, type Store } from '../../src/store/database.ts';
import { createPgSchema, type PgSchema, postgresReachable } from '../helpers/postgres.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(['sqlite', 'postgres'] as const)('status persister on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let dir: string;
  let schema: PgSchema | undefined;
  let store: Store;
  let state: LiveState;
  let persister: StatusPersister;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rig-persister-'));
    if (skip) return;
    schema = dialect === 'postgres' ? await createPgSchema() : undefined;
    store = openStore(schema?.url ?? `sqlite:${path.join(dir, 'rig.db')}`);
    await migrateToLatest(store);
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const begin = async (flushIntervalMs: number) => {
    await store.db.deleteFrom('live_status').execute();
    state = new LiveState();
    persister = new StatusPersister(
      store.db,
      state,
      { flushIntervalMs, r2labDir: undefined },
      systemClock,
      pino({ level: 'silent' }),
    );
    persister.start();
  };
  /** Merges as the status service does: state first, then the persister learns what changed. */
  const update = (items: Array<Record<string, unknown> & { id: number }>) => {
    const changed = state.merge('node', items);
    persister.changed(
      'node',
      changed.map((r) => r.id),
    );
  };
  const stored = async () => (await loadStatus(store.db)).map((row) => row.record);

  afterEach(async () => {
    vi.restoreAllMocks();
    await persister?.stop();
  });

  it.skipIf(skip)('writes many updates in one transaction, each record as last merged', async () => {
    await begin(60_000);
    const transactions = vi.spyOn(store.db, 'transaction');
    for (let round = 0; round < 20; round++) {
      update(Array.from({ length: 50 }, (_, i) => ({ id: i, round })));
    }
    await persister.flush();
    expect(transactions).toHaveBeenCalledTimes(1);
    const records = await stored();
    expect(records).toHaveLength(50);
    expect(records.every((r) => r.round === 19)).toBe(true);
  });

  it.skipIf(skip)('writes on its own after the flush period', async () => {
    await begin(20);
    update([{ id: 1, cmc_on_off: 'on' }]);
    await until(async () => (await stored()).length === 1, 'the record to be written');
  });

  it.skipIf(skip)('keeps what a failed write held and retries it until the store is back', async () => {
    await begin(20);
    update([{ id: 1, a: 1 }]);
    await persister.flush();
    await sql`alter table live_status rename to live_status_away`.execute(store.db);
    try {
      update([{ id: 1, a: 2 }, { id: 2 }]);
      await persister.flush(); // fails: the table is gone
      update([{ id: 3 }]);
      await persister.flush();
    } finally {
      await sql`alter table live_status_away rename to live_status`.execute(store.db);
    }
    // No flush from the test: the persister retries on its own.
    await until(async () => (await stored()).length === 3, 'the retried records to be written');
    expect(await stored()).toEqual([{ id: 1, a: 2 }, { id: 2 }, { id: 3 }]);
  });

  it.skipIf(skip)('deletes the stored record of a removed id', async () => {
    await begin(60_000);
    update([{ id: 1 }, { id: 2 }]);
    await persister.flush();
    state.remove('node', [1]);
    persister.changed('node', [1]);
    await persister.flush();
    expect(await stored()).toEqual([{ id: 2 }]);
  });
});
