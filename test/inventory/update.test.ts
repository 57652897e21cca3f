import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';

const full = {
  kind: 'node',
  id: 7,
  name: 'fit07',
  model: 'icarus',
  tags: ['r2lab'],
  attributes: { usrp: 'b210' },
  addresses: { mac: '02:00:00:00:00:07', ip: '192.168.3.7', hostname: 'fit07' },
  drivers: { power: { driver: 'sim', config: {} }, probe: { driver: 'sim', config: { os: 'fedora-41' } } },
};

describe.each<Dialect>(['sqlite', 'postgres'])('device updates on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let t: TestRig;
  let n = 100;
  const call = (method: string, path: string, body?: unknown) => api(t.url, method, path, body);
  /** A fresh copy of `full` under a new id, so tests do not share state. */
  const fresh = async () => {
    const id = n++;
    expect((await call('POST', '/api/v1/devices', { ...full, id })).status).toBe(201);
    return `/api/v1/devices/node/${id}`;
  };

  beforeAll(async () => {
    if (!skip) t = await startRig({ dialect });
  });
  afterAll(async () => t?.destroy());

  it.skipIf(skip)('changes only the given fields and bumps the revision', async () => {
    const path = await fresh();
    const before = (await call('GET', path)).body;
    const res = await call('PATCH', path, { name: 'renamed', tags: ['x', 'x', 'y'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...before,
      name: 'renamed',
      tags: ['x', 'y'],
      revision: before.revision + 1,
      updated_at: res.body.updated_at,
    });
    expect((await call('GET', path)).body).toEqual(res.body);
  });

  it.skipIf(skip)('merges addresses and drivers key by key, and null clears', async () => {
    const path = await fresh();
    const res = await call('PATCH', path, {
      model: null,
      addresses: { ip: null, hostname: 'renamed-host' },
      drivers: { power: null },
    });
    expect(res.status).toBe(200);
    expect(res.body.model).toBeNull();
    expect(res.body.addresses).toEqual({ mac: '02:00:00:00:00:07', ip: null, hostname: 'renamed-host' });
    expect(res.body.drivers).toEqual({ power: null, probe: full.drivers.probe });
  });

  it.skipIf(skip)('replaces attributes as a whole', async () => {
    const path = await fresh();
    expect((await call('PATCH', path, { attributes: { cmc: 'x' } })).body.attributes).toEqual({ cmc: 'x' });
  });

  it.skipIf(skip)('keeps the revision when a change changes nothing', async () => {
    const path = await fresh();
    const res = await call('PATCH', path, { name: full.name, addresses: { ip: full.addresses.ip } });
    expect(res.status).toBe(200);
    expect(res.body.revision).toBe(1);
  });

  it.skipIf(skip)('lands concurrent changes of different fields, each in its own revision', async () => {
    const path = await fresh();
    const changes = [
      { name: 'concurrent' },
      { model: 'nitos' },
      { tags: ['busy'] },
      { attributes: { a: 1 } },
      { addresses: { mac: '02:00:00:00:00:99' } },
      { addresses: { ip: '10.0.0.9' } },
      { addresses: { hostname: 'other' } },
      { drivers: { power: null } },
    ];
    const answers = await Promise.all(changes.map((change) => call('PATCH', path, change)));
    expect(answers.map((a) => a.status)).toEqual(changes.map(() => 200));
    const device = (await call('GET', path)).body;
    expect(device).toMatchObject({
      name: 'concurrent',
      model: 'nitos',
      tags: ['busy'],
      attributes: { a: 1 },
      addresses: { mac: '02:00:00:00:00:99', ip: '10.0.0.9', hostname: 'other' },
      drivers: { power: null, probe: full.drivers.probe },
      revision: 1 + changes.length,
    });
    expect(new Set(answers.map((a) => a.body.revision)).size).toBe(changes.length);
  });

  it.skipIf(skip)('answers 404 for a missing device and 400 for a bad change', async () => {
    expect((await call('PATCH', '/api/v1/devices/node/9999', { name: 'x' })).status).toBe(404);
    expect((await call('DELETE', '/api/v1/devices/node/9999')).status).toBe(404);
    const path = await fresh();
    for (const body of [{ id: 3 }, { addresses: { mac: 'nope' } }, { tags: ['bad tag'] }, { name: '' }]) {
      const res = await call('PATCH', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('RIG_ERR_VALIDATION');
    }
    expect((await call('GET', path)).body.revision).toBe(1);
  });

  it.skipIf(skip)('deletes a device, which then is gone', async () => {
    const path = await fresh();
    expect((await call('DELETE', path)).status).toBe(204);
    expect((await call('GET', path)).status).toBe(404);
  });
});
