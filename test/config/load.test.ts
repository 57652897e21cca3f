import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rig-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function yamlFile(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** The ConfigError a load fails with (the test fails if it does not). */
async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('gives the documented defaults without file, env or flags', async () => {
    const config = await loadConfig();
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.data).toBe(path.resolve('./rig-data'));
    expect(config.db).toBe(`sqlite:${path.resolve('./rig-data', 'rig.db')}`);
    expect(config.sidecar.port).toBe(10000);
    expect(config.demo.enabled).toBe(false);
  });

  it('lets env override the file and flags override env', async () => {
    const file = await yamlFile('layers.yaml', 'port: 1111\nhost: 10.0.0.1\ndata: /tmp/from-file\n');
    const config = await loadConfig({
      file,
      env: { RIG_PORT: '2222', RIG_DATA: '/tmp/from-env' },
      overrides: { port: 3333 },
    });
    expect(config.port).toBe(3333);
    expect(config.data).toBe('/tmp/from-env');
    expect(config.host).toBe('10.0.0.1');
  });

  it('types environment values like their keys', async () => {
    const config = await loadConfig({
      env: {
        RIG_PORT: '9090',
        RIG_SIDECAR_PORT: '0',
        RIG_DEMO: 'yes',
        RIG_DEMO_SEED: '7',
        RIG_DB: 'postgres://h/db',
      },
    });
    expect(config.port).toBe(9090);
    expect(config.sidecar.port).toBe(0);
    expect(config.demo).toMatchObject({ enabled: true, seed: 7 });
    expect(config.db).toBe('postgres://h/db');
  });

  it('keeps nested file keys that a flag does not set', async () => {
    const file = await yamlFile('nested.yaml', 'sidecar:\n  pingIntervalSeconds: 3\n');
    const config = await loadConfig({ file, overrides: { 'sidecar.port': 0 } });
    expect(config.sidecar).toMatchObject({ port: 0, pingIntervalSeconds: 3 });
  });

  it('names every unknown key with its line', async () => {
    const file = await yamlFile('unknown.yaml', 'port: 8080\nprot: 1\nsidecar:\n  prot: 2\n  hots: x\n');
    const error = await failure(loadConfig({ file }));
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'prot', message: 'unknown key', line: 2 },
        { path: 'sidecar.prot', message: 'unknown key', line: 4 },
        { path: 'sidecar.hots', message: 'unknown key', line: 5 },
      ]),
    );
    expect(error.message).toContain('sidecar.hots: unknown key (line 5)');
  });

  it('names a wrong type with its key and line', async () => {
    const file = await yamlFile('types.yaml', 'host: ::1\nmonitor:\n  concurrency: many\n');
    const error = await failure(loadConfig({ file }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'monitor.concurrency', line: 3 });
    expect(error.message).toMatch(/monitor\.concurrency: .*number.* \(line 3\)/);
  });

  it('names the environment variable, not a file line, for a bad env value', async () => {
    const file = await yamlFile('port.yaml', 'port: 8080\n');
    const error = await failure(loadConfig({ file, env: { RIG_PORT: 'eighty' } }));
    expect(error.issues[0]).toMatchObject({ path: 'port', source: 'environment variable RIG_PORT' });
    expect(error.issues[0]?.line).toBeUndefined();
    expect(error.message).toContain('(from environment variable RIG_PORT)');
  });

  it('names the flag for a bad flag value', async () => {
    const error = await failure(loadConfig({ overrides: { 'sidecar.port': Number('x') } }));
    expect(error.message).toMatch(/sidecar\.port: .*\(from flag --sidecar-port\)/);
  });

  it('takes a plain file path as the SQLite database, and rejects other URL schemes', async () => {
    expect((await loadConfig({ overrides: { db: '/var/lib/rig/rig.db' } })).db).toBe('/var/lib/rig/rig.db');
    const error = await failure(loadConfig({ env: { RIG_DB: 'mysql://h/db' } }));
    expect(error.message).toContain(
      'db: a database URL: sqlite:PATH, a file path, or postgres://… (from environment variable RIG_DB)',
    );
  });

  it('reports invalid YAML syntax with its line', async () => {
    const file = await yamlFile('syntax.yaml', 'port: 8080\nsidecar:\n  port: [1, 2\n');
    const error = await failure(loadConfig({ file }));
    expect(error.message).toMatch(/is not valid YAML \(line \d+\)/);
  });

  it('reports a duplicate key as invalid YAML', async () => {
    const file = await yamlFile('dup.yaml', 'port: 1\nport: 2\n');
    expect((await failure(loadConfig({ file }))).message).toMatch(/not valid YAML \(line 2\).*unique/i);
  });

  it('refuses a file that is not a mapping', async () => {
    const file = await yamlFile('list.yaml', '- port\n- 8080\n');
    expect((await failure(loadConfig({ file }))).message).toContain('must hold a mapping');
  });

  it('accepts an empty file as an empty configuration', async () => {
    const file = await yamlFile('empty.yaml', '# nothing yet\n');
    expect((await loadConfig({ file })).port).toBe(8080);
  });

  it('reports a missing file by its path', async () => {
    const missing = path.join(dir, 'nope.yaml');
    const error = await failure(loadConfig({ file: missing }));
    expect(error.message).toContain(`cannot read config file ${missing}`);
  });
});
