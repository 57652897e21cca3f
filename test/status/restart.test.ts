import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';

describe.each<Dialect>(['sqlite', 'postgres'])('live status across a restart on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  const rigs: TestRig[] = [];
  afterAll(async () => {
    // The first rig owns the data dir and the schema: destroy it last.
    for (const rig of rigs.reverse()) await rig.destroy();
  });

  const post = (t: TestRig, kind: string, records: unknown[]) =>
    api(t.url, 'POST', '/api/v1/status', { kind, records });

  it.skipIf(skip)('comes back merged, in first-seen order, without removed records', async () => {
    const first = await startRig({ dialect });
    rigs.push(first);
    expect((await api(first.url, 'POST', '/api/v1/devices', { kind: 'node', id: 5 })).status).toBe(201);
    await post(first, 'node', [{ id: 3, cmc_on_off: 'on' }, { id: 5 }, { id: 1 }, { id: 'x1' }]);
    await post(first, 'node', [{ id: 3, control_ping: 'on' }, { id: 2 }]);
    await post(first, 'pdu', [{ id: 'jaguar', on_off: 'on' }]);
    expect((await api(first.url, 'DELETE', '/api/v1/status/node/1')).status).toBe(204);
    // Deleting the device takes its live status with it.
    expect((await api(first.url, 'DELETE', '/api/v1/devices/node/5')).status).toBe(204);
    const before = (await api(first.url, 'GET', '/api/v1/status')).body;
    expect(before.node.map((r: { id: unknown }) => r.id)).toEqual([3, 'x1', 2]);
    await first.stop();

    const second = await startRig({ dialect, data: first.data, db: first.db });
    rigs.push(second);
    const after = (await api(second.url, 'GET', '/api/v1/status')).body;
    expect(after).toEqual(before);
    expect(after.node[0]).toEqual({ id: 3, cmc_on_off: 'on', control_ping: 'on' });
    // New ids still come after the restored ones.
    await post(second, 'node', [{ id: 9 }]);
    const listed = (await api(second.url, 'GET', '/api/v1/status?kind=node')).body.node;
    expect(listed.map((r: { id: unknown }) => r.id)).toEqual([3, 'x1', 2, 9]);
  });
});
