import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL of this machine (stack.md); override with RIG_TEST_PG. */
export const PG_URL = process.env.RIG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/**
 * Whether PostgreSQL tests run. Without PostgreSQL they are skipped, except under CI=true
 * where an unreachable server fails the run: CI must never pass by skipping.
 */
export async function requirePostgres(): Promise<boolean> {
  if (await postgresReachable()) return true;
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is unreachable at ${PG_URL} and CI=true`);
  return false;
}

export interface PgSchema {
  /** A database URL whose connections use this schema only. */
  url: string;
  drop(): Promise<void>;
}

/** A fresh schema, so test files can run in parallel on one database. */
export async function createPgSchema(prefix = 'rig_test'): Promise<PgSchema> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${name} cascade`);
      await client.end();
    },
  };
}
