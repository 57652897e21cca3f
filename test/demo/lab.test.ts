import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';
const demo = { demo: { enabled: true, activity: false } };

describe.each<Dialect>(['sqlite', 'postgres'])('demo lab on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  const rigs: TestRig[] = [];
  afterAll(async () => {
    for (const rig of rigs.reverse()) await rig.destroy();
  });
  const inventory = async (t: TestRig) => {
    const res = await api(t.url, 'GET', '/api/v1/devices?limit=1000');
    expect(res.status).toBe(200);
    return res.body.items as Array<{
      kind: string;
      id: unknown;
      name: string;
      drivers: Record<string, unknown>;
    }>;
  };

  it.skipIf(skip)('creates R2lab-like devices once, and keeps operator changes across restarts', async () => {
    const first = await startRig({ dialect, config: demo });
    rigs.push(first);
    const devices = await inventory(first);
    const count = (kind: string) => devices.filter((d) => d.kind === kind).length;
    expect([count('node'), count('phone'), count('pdu'), count('switch'), count('instrument')]).toEqual([
      37, 2, 4, 1, 2,
    ]);
    const nodeIds = devices.filter((d) => d.kind === 'node').map((d) => d.id);
    expect(nodeIds).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    expect(devices.filter((d) => d.kind === 'pdu').map((d) => d.id)).toEqual([
      'jaguar',
      'n300',
      'pc01',
      'switch-data',
    ]);
    expect(devices.every((d) => d.drivers.probe !== null)).toBe(true);

    expect(
      (await api(first.url, 'PATCH', '/api/v1/devices/node/1', { name: 'renamed', tags: [] })).status,
    ).toBe(200);
    await first.stop();

    const second = await startRig({ dialect, data: first.data, db: first.db, config: demo });
    rigs.push(second);
    const again = await inventory(second);
    expect(again).toHaveLength(devices.length);
    expect((await api(second.url, 'GET', '/api/v1/devices/node/1')).body).toMatchObject({
      name: 'renamed',
      tags: [],
      revision: 2,
    });
  });
});
