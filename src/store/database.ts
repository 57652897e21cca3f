import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { coerceError, RigError } from '../lib/errors.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Tables } from './tables.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Tables>;
  readonly dialect: DialectName;
  /** The URL with any password hidden, for logs. */
  readonly displayUrl: string;
  close(): Promise<void>;
}

/** `postgres://…`, `sqlite:PATH`, or a plain file path (SQLite); another scheme is an error. */
export function parseDbUrl(url: string): { dialect: DialectName; target: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', target: url };
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/.exec(url);
  if (sqlite?.[1]) return { dialect: 'sqlite', target: sqlite[1] };
  if (url && !/^[a-z][a-z0-9+.-]*:/i.test(url)) return { dialect: 'sqlite', target: url };
  throw new RigError(
    'RIG_ERR_VALIDATION',
    `unsupported database URL "${url}": use sqlite:PATH, a file path, or postgres://…`,
  );
}

function hidePassword(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export interface StoreOptions {
  /** How long connecting to PostgreSQL may take before start-up fails (not hangs). */
  connectTimeoutMs?: number;
}

/** A readable reason: connection failures to `localhost` are AggregateErrors with no message. */
function reason(error: unknown): string {
  const err = coerceError(error);
  if (err.message) return err.message;
  const inner = error instanceof AggregateError ? error.errors.map((e) => coerceError(e).message) : [];
  const code = (err as NodeJS.ErrnoException).code;
  return inner.filter(Boolean).join('; ') || code || err.name;
}

export function openStore(url: string, options: StoreOptions = {}): Store {
  const { dialect, target } = parseDbUrl(url);
  if (dialect === 'sqlite') {
    let sqlite: SqliteDatabase.Database;
    try {
      if (target !== ':memory:') mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
      sqlite = new SqliteDatabase(target);
      sqlite.pragma('journal_mode = WAL');
    } catch (error) {
      throw new RigError(
        'RIG_ERR_UNAVAILABLE',
        `cannot open the SQLite database ${target}: ${reason(error)}`,
      );
    }
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect, displayUrl: url, close: () => db.destroy() };
  }
  // The driver is loaded on first use: a SQLite start does not pay for it.
  const pool = async () => {
    const { default: pg } = await import('pg');
    const created = new pg.Pool({
      connectionString: target,
      max: 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    });
    // An idle client that loses its server must not crash the process; the next query fails.
    created.on('error', () => {});
    return created;
  };
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect, displayUrl: hidePassword(url), close: () => db.destroy() };
}

/**
 * Checks that the database answers, then applies pending migrations; returns the names
 * applied. A database that cannot be reached is a RigError naming it (password hidden).
 */
export async function migrateToLatest(store: Store): Promise<string[]> {
  let migrator: Migrator;
  try {
    migrator = await createMigrator(store);
  } catch (error) {
    throw new RigError(
      'RIG_ERR_UNAVAILABLE',
      `cannot reach the database ${store.displayUrl}: ${reason(error)}`,
    );
  }
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new RigError(
      'RIG_ERR_UNAVAILABLE',
      `migration ${failed ? `${failed} ` : ''}of ${store.displayUrl} failed: ${reason(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The migrator of a store. On PostgreSQL its bookkeeping tables are pinned to the current
 * schema: unpinned, Kysely finds them in any schema of the database (another Rig's, say),
 * skips creating them, and then fails to read them through the search path.
 */
export async function createMigrator(store: Store): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (store.dialect === 'postgres') {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
      store.db,
    );
    migrationTableSchema = rows[0]?.schema ?? undefined;
  } else {
    await sql`select 1`.execute(store.db);
  }
  return new Migrator({ db: store.db, provider: migrationProvider, migrationTableSchema });
}
