import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL of this machine; override with RIG_BENCH_PG. */
export const BENCH_PG_URL = process.env.RIG_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

async function query(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_PG_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A fresh schema for one run, or undefined when PostgreSQL cannot be reached (the benchmark
 * then reports SQLite only and says so).
 */
export async function benchPgSchema(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const name = `rig_bench_${randomBytes(5).toString('hex')}`;
  try {
    await query(`create schema ${name}`);
  } catch {
    return undefined;
  }
  const url = new URL(BENCH_PG_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return { url: url.toString(), drop: () => query(`drop schema if exists ${name} cascade`) };
}
