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
}

export interface TestRig {
  rig: Rig;
  url: string;
  sidecarUrl: string | undefined;
  data: string;
  db: string;
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
  };
  const config = resolvePaths(configSchema.parse(input));
  const logger = pino({ level: config.log.level });
  const rig = new Rig(config, { logger });
  try {
    await rig.start();
  } catch (error) {
    await dropSchema?.();
    if (!options.data) await rm(data, { recursive: true, force: true });
    throw error;
  }
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
    stop,
    async destroy() {
      await stop();
      await dropSchema?.();
      if (!options.data) await rm(data, { recursive: true, force: true });
    },
  };
}
