import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Rig } from '../../src/app/rig.ts';
import { resolvePaths } from '../../src/config/load.ts';
import { type ConfigInput, configSchema } from '../../src/config/schema.ts';
import { freePort } from './ports.ts';
import { createPgSchema, requirePostgres } from './postgres.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface TestRigOptions {
  config?: ConfigInput;
  dialect?: Dialect;
  /** Give the sidecar face a port (off by default in tests). */
  sidecar?: boolean;
  /** Reuse a data dir (and, for postgres, a database URL) to test restarts. */
  data?: string;
  db?: string;
  /**
   * Authentication on, as in production, with an admin created and its API token in
   * `adminToken`. Off by default: most tests are about features, not about who calls them
   * (test/auth covers that).
   */
  auth?: boolean;
}

export interface TestRig {
  rig: Rig;
  url: string;
  sidecarUrl: string | undefined;
  data: string;
  db: string;
  /** With `auth: true`: a token of the admin `root` (scopes read, write, admin). */
  adminToken: string;
  /** What the server printed for the operator's console (the bootstrap token, …). */
  consoleLines: string[];
  stop(): Promise<void>;
  /** Stops and deletes the data dir and the PostgreSQL schema. */
  destroy(): Promise<void>;
}

/**
 * Boots the real core in-process on loopback (real store, real HTTP and websockets);
 * monitors off unless asked, so tests decide what changes.
 */
export async function startRig(options: TestRigOptions = {}): Promise<TestRig> {
  const data = options.data ?? (await mkdtemp(path.join(tmpdir(), 'rig-test-')));
  let db = options.db;
  let dropSchema: (() => Promise<void>) | undefined;
  if (!db && options.dialect === 'postgres') {
    if (!(await requirePostgres())) throw new Error('PostgreSQL unavailable');
    const schema = await createPgSchema();
    db = schema.url;
    dropSchema = schema.drop;
  }
  const input: ConfigInput = {
    port: 0,
    ...options.config,
    data,
    db: db ?? '',
    sidecar: { ...options.config?.sidecar, port: options.sidecar ? await freePort() : 0 },
    monitor: { enabled: false, ...options.config?.monitor },
    log: { level: (process.env.RIG_TEST_LOG as 'info' | undefined) ?? 'silent', ...options.config?.log },
    auth: { enabled: options.auth === true, ...options.config?.auth },
  };
  const config = resolvePaths(configSchema.parse(input));
  const logger = pino({ level: config.log.level });
  const consoleLines: string[] = [];
  const rig = new Rig(config, { logger, console: (line) => consoleLines.push(line) });
  try {
    await rig.start();
  } catch (error) {
    await dropSchema?.();
    if (!options.data) await rm(data, { recursive: true, force: true });
    throw error;
  }
  let adminToken = '';
  if (options.auth) adminToken = await adminTokenOf(rig);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await rig.stop();
  };
  return {
    rig,
    url: rig.url,
    sidecarUrl: rig.sidecarUrl,
    data,
    db: config.db,
    adminToken,
    consoleLines,
    stop,
    async destroy() {
      await stop();
      await dropSchema?.();
      if (!options.data) await rm(data, { recursive: true, force: true });
    },
  };
}

/** An admin `root` (created unless it exists, e.g. on a restart) and a fresh token of it. */
async function adminTokenOf(rig: Rig): Promise<string> {
  const { users, credentials } = rig.accounts.service;
  const existing = (await users.list()).find((u) => u.name === 'root');
  const user =
    existing ?? (await users.create({ name: 'root', role: 'admin', password: 'root-password-1' })).user;
  const { token } = await credentials.createToken(user, { name: 'test', scopes: ['read', 'write', 'admin'] });
  return token;
}
