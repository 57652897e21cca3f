import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openStore } from '../../src/store/database.ts';
import { freePort } from '../helpers/ports.ts';
import { startRig } from '../helpers/rig.ts';

/** The error a promise rejects with (the test fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('database connection errors', () => {
  const sockets: Socket[] = [];
  let silent: Server | undefined;
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => (silent ? silent.close(resolve) : resolve(undefined)));
  });

  it('refuses a database URL of another kind, naming the accepted ones', () => {
    expect(() => openStore('mysql://localhost/rig')).toThrow(
      /unsupported database URL "mysql:\/\/localhost\/rig": use sqlite:PATH, a file path, or postgres/,
    );
  });

  it('fails start-up with the URL (password hidden) when PostgreSQL refuses connections', async () => {
    const port = await freePort();
    const data = await mkdtemp(path.join(tmpdir(), 'rig-unreachable-'));
    const error = await rejection(startRig({ data, db: `postgres://rig:s3cret@127.0.0.1:${port}/rig` }));
    await rm(data, { recursive: true, force: true });
    expect(error.message).toContain(`cannot reach the database postgres://rig:***@127.0.0.1:${port}/rig`);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain('s3cret');
  });

  it('fails, not hangs, when PostgreSQL accepts but never answers', async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const store = openStore(`postgres://rig@127.0.0.1:${port}/rig`, { connectTimeoutMs: 300 });
    try {
      const error = await rejection(migrateToLatest(store));
      expect(error.message).toMatch(
        /cannot reach the database postgres:\/\/rig@127\.0\.0\.1:\d+\/rig: .*timeout/i,
      );
    } finally {
      await store.close();
    }
  });

  it('names the SQLite file it cannot open', async () => {
    // A directory path through a regular file can never be created.
    const dir = await mkdtemp(path.join(tmpdir(), 'rig-sqlite-'));
    const file = path.join(dir, 'plain-file');
    await writeFile(file, '');
    try {
      expect(() => openStore(`sqlite:${file}/rig.db`)).toThrow(
        `cannot open the SQLite database ${file}/rig.db: E`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
