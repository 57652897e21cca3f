import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { RigError } from '../lib/errors.ts';
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

export function parseDbUrl(url: string): { dialect: DialectName; target: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', target: url };
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/.exec(url);
  if (sqlite?.[1]) return { dialect: 'sqlite', target: sqlite[1] };
  throw new RigError(
    'RIG_ERR_VALIDATION',
    `unsupported database URL "${url}": use sqlite:PATH or postgres://…`,
  );
}

function hidePassword(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export function openStore(url: string): Store {
  const { dialect, target } = parseDbUrl(url);
  if (dialect === 'sqlite') {
    if (target !== ':memory:') mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    const sqlite = new SqliteDatabase(target);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect, displayUrl: url, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: target, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query fails.
  pool.on('error', () => {});
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect, displayUrl: hidePassword(url), close: () => db.destroy() };
}

/** Applies pending migrations; returns the names applied. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
