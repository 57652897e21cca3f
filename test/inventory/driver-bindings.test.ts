import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

// Binding checks happen before the store is touched: one dialect proves them.
describe('driver bindings', () => {
  let t: TestRig;
  const create = (drivers: unknown, id = 1) =>
    api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id, drivers });

  beforeAll(async () => {
    t = await startRig();
  });
  afterAll(async () => t?.destroy());

  it('accepts sim bindings and stores them as given', async () => {
    const res = await create(
      { power: { driver: 'sim' }, probe: { driver: 'sim', config: { os: 'fedora-41' } } },
      50,
    );
    expect(res.status).toBe(201);
    expect(res.body.drivers).toEqual({
      power: { driver: 'sim', config: {} },
      probe: { driver: 'sim', config: { os: 'fedora-41' } },
    });
  });

  it('refuses an unknown driver, naming the role and the known drivers', async () => {
    const res = await create({ power: { driver: 'ipmi' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'RIG_ERR_VALIDATION',
      details: { path: 'drivers.power', driver: 'ipmi' },
    });
    expect(res.body.error.message).toBe('drivers.power: unknown driver "ipmi" (known: sim)');
  });

  it('refuses a bad sim config, naming the path of the bad setting', async () => {
    const bad = await create({ probe: { driver: 'sim', config: { bootSeconds: -1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^drivers\.probe: config\.bootSeconds: /);
    const unknown = await create({ probe: { driver: 'sim', config: { colour: 'red' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^drivers\.probe: config.*colour/);
    expect((await api(t.url, 'GET', '/api/v1/devices/node/1')).status).toBe(404);
  });

  it('checks a binding given in a change, and leaves the device as it was', async () => {
    const res = await api(t.url, 'PATCH', '/api/v1/devices/node/50', {
      drivers: { power: { driver: 'sim', config: { latencyMs: 'slow' } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^drivers\.power: config\.latencyMs: /);
    expect((await api(t.url, 'GET', '/api/v1/devices/node/50')).body.revision).toBe(1);
  });

  it('names the device of a bad binding in an imported file', async () => {
    const file = {
      devices: [
        { kind: 'node', id: 60 },
        { kind: 'node', id: 61, drivers: { power: { driver: 'x' } } },
      ],
    };
    const res = await api(t.url, 'POST', '/api/v1/inventory/import', file);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^devices\[1\]\.drivers\.power: unknown driver "x"/);
    expect((await api(t.url, 'GET', '/api/v1/devices/node/60')).status).toBe(404);
  });
});
