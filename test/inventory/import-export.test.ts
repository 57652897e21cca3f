import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';
const yamlHeaders = { 'content-type': 'application/yaml' };

const labFile = `version: 1
devices:
  - kind: node
    id: 1
    name: fit01
    tags: [r2lab]
    addresses: { mac: "02:00:00:00:00:01", hostname: fit01 }
    drivers: { power: { driver: sim }, probe: { driver: sim, config: { os: fedora-41 } } }
  - kind: pdu
    id: jaguar
    attributes: { icon_x_rank: 9.25, nested: { list: [1, "two", null] } }
  - kind: instrument
    id: "1e5"
  - kind: switch
    id: "true"
`;

describe.each<Dialect>(['sqlite', 'postgres'])('inventory import and export on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let t: TestRig;
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api(t.url, method, path, body, headers);
  const list = async () => (await call('GET', '/api/v1/devices')).body.items;
  const reset = () => call('POST', '/api/v1/inventory/import?mode=replace', { devices: [] });

  beforeAll(async () => {
    if (!skip) t = await startRig({ dialect });
  });
  afterAll(async () => t?.destroy());

  it.skipIf(skip)('round-trips: export, import elsewhere, export again gives the same devices', async () => {
    await reset();
    expect((await call('POST', '/api/v1/inventory/import', labFile, yamlHeaders)).body).toEqual({
      created: 4,
      updated: 0,
      unchanged: 0,
      deleted: 0,
    });
    const exported = await call('GET', '/api/v1/inventory/export');
    expect(exported.headers.get('content-type')).toMatch(/yaml/);
    const other = await startRig({ dialect });
    try {
      const res = await api(other.url, 'POST', '/api/v1/inventory/import', exported.text, yamlHeaders);
      expect(res.body.created).toBe(4);
      const again = await api(other.url, 'GET', '/api/v1/inventory/export?format=json');
      expect(again.body).toEqual(parse(exported.text));
      expect(again.body.devices.map((d: { id: unknown }) => d.id)).toEqual(['1e5', 1, 'jaguar', 'true']);
    } finally {
      await other.destroy();
    }
    const reimport = await call('POST', '/api/v1/inventory/import', exported.text, yamlHeaders);
    expect(reimport.body).toEqual({ created: 0, updated: 0, unchanged: 4, deleted: 0 });
  });

  it.skipIf(skip)('merge creates and updates, and treats absent fields in the file as empty', async () => {
    await reset();
    await call('POST', '/api/v1/inventory/import', labFile, yamlHeaders);
    const file = {
      devices: [
        { kind: 'node', id: 1, name: 'fit01' },
        { kind: 'node', id: 2 },
      ],
    };
    expect((await call('POST', '/api/v1/inventory/import?mode=merge', file)).body).toEqual({
      created: 1,
      updated: 1,
      unchanged: 0,
      deleted: 0,
    });
    const node = (await call('GET', '/api/v1/devices/node/1')).body;
    expect(node).toMatchObject({ tags: [], drivers: { power: null, probe: null }, revision: 2 });
    expect(node.addresses).toEqual({ mac: null, ip: null, hostname: null });
    expect(await list()).toHaveLength(5);
  });

  it.skipIf(skip)('create mode fails on an existing id and writes nothing', async () => {
    await reset();
    await call('POST', '/api/v1/devices', { kind: 'node', id: 2 });
    const file = {
      devices: [
        { kind: 'node', id: 1 },
        { kind: 'node', id: 2 },
      ],
    };
    const res = await call('POST', '/api/v1/inventory/import?mode=create', file);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('devices[1]: node 2 already exists');
    expect((await list()).map((d: { id: unknown }) => d.id)).toEqual([2]);
  });

  it.skipIf(skip)('replace mode deletes what the file does not hold', async () => {
    await reset();
    await call('POST', '/api/v1/inventory/import', labFile, yamlHeaders);
    const file = {
      devices: [
        { kind: 'pdu', id: 'jaguar', attributes: { icon_x_rank: 9.25, nested: { list: [1, 'two', null] } } },
      ],
    };
    const res = await call('POST', '/api/v1/inventory/import?mode=replace', file);
    expect(res.body).toEqual({ created: 0, updated: 0, unchanged: 1, deleted: 3 });
    expect((await list()).map((d: { id: unknown }) => d.id)).toEqual(['jaguar']);
  });

  it.skipIf(skip)('refuses an id given twice in one file, naming its position', async () => {
    await reset();
    const file = {
      devices: [
        { kind: 'node', id: 1 },
        { kind: 'node', id: '1a' },
        { kind: 'node', id: 1 },
      ],
    };
    const res = await call('POST', '/api/v1/inventory/import', file);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('devices[2]: node 1 appears twice in the file');
    expect(await list()).toEqual([]);
  });

  it.skipIf(skip)('reports YAML syntax and schema errors with their line', async () => {
    const syntax = await call(
      'POST',
      '/api/v1/inventory/import',
      'devices:\n  - kind: node\n    id: [1\n',
      yamlHeaders,
    );
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.message).toMatch(/not valid YAML/);
    expect(syntax.body.error.details.line).toBeGreaterThanOrEqual(3);
    const schema = await call(
      'POST',
      '/api/v1/inventory/import',
      'devices:\n  - kind: node\n    id: 1\n  - kind: node\n    id: 2\n    colour: red\n',
      yamlHeaders,
    );
    expect(schema.status).toBe(400);
    expect(schema.body.error.message).toBe('invalid inventory file: devices[1].colour: unknown key (line 6)');
  });
});
