import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '../../src/inventory/index.ts';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';

/**
 * On PostgreSQL a listener's read runs on another pooled connection, so it sees only what
 * was committed when the event was emitted: these tests fail if an event precedes its commit.
 */
describe.each<Dialect>(['sqlite', 'postgres'])('inventory events on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let t: TestRig;
  const seen: Array<{ event: string; id: unknown; stored: Promise<Device | undefined> }> = [];

  beforeAll(async () => {
    if (skip) return;
    t = await startRig({ dialect });
    const inventory = t.rig.inventory.service;
    const owner = {};
    const record =
      (event: string) =>
      ({ device }: { device: Device }) => {
        const stored = inventory.get(device.kind, device.id).catch(() => undefined);
        seen.push({ event, id: device.id, stored });
      };
    t.rig.bus.on('deviceCreated', owner, record('created'));
    t.rig.bus.on('deviceUpdated', owner, record('updated'));
    t.rig.bus.on('deviceDeleted', owner, record('deleted'));
  });
  afterAll(async () => t?.destroy());

  const drain = async () => {
    const events = seen.splice(0);
    return Promise.all(events.map(async (e) => ({ event: e.event, id: e.id, stored: await e.stored })));
  };

  it.skipIf(skip)('announces each API change once, after it is stored', async () => {
    await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 1 });
    await api(t.url, 'PATCH', '/api/v1/devices/node/1', { name: 'one' });
    await api(t.url, 'DELETE', '/api/v1/devices/node/1');
    const events = await drain();
    expect(events.map((e) => e.event)).toEqual(['created', 'updated', 'deleted']);
    expect(events[0]?.stored?.id).toBe(1);
    expect(events[1]?.stored?.name).toBe('one');
  });

  it.skipIf(skip)('announces an import only once it has committed, in file order', async () => {
    const file = {
      devices: [
        { kind: 'node', id: 3 },
        { kind: 'node', id: 2 },
        { kind: 'pdu', id: 'p1' },
      ],
    };
    expect((await api(t.url, 'POST', '/api/v1/inventory/import', file)).status).toBe(200);
    const events = await drain();
    expect(events.map((e) => e.id)).toEqual([3, 2, 'p1']);
    for (const e of events) expect(e.stored?.id, `device ${e.id} readable when announced`).toBe(e.id);
  });

  it.skipIf(skip)('announces nothing for an import that fails', async () => {
    const file = {
      devices: [
        { kind: 'node', id: 40 },
        { kind: 'node', id: 3 },
      ],
    };
    expect((await api(t.url, 'POST', '/api/v1/inventory/import?mode=create', file)).status).toBe(409);
    const replaced = {
      devices: [
        { kind: 'node', id: 41 },
        { kind: 'node', id: 41 },
      ],
    };
    expect((await api(t.url, 'POST', '/api/v1/inventory/import?mode=replace', replaced)).status).toBe(400);
    expect(await drain()).toEqual([]);
  });
});
