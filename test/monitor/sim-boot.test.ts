import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusRecord } from '../../src/status/index.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

describe('a sim node booting, as the monitor sees it', () => {
  let t: TestRig;
  const records: StatusRecord[] = [];

  beforeAll(async () => {
    t = await startRig({
      config: {
        // Ten times faster than real hardware: boots in about a second, each step ≥ 0.3 s apart.
        demo: { speed: 10, seed: 3 },
        monitor: { enabled: true, cadenceSeconds: { node: 0.05 } },
      },
    });
    t.rig.bus.on('statusChanged', records, (change) => {
      if (change.kind !== 'node' || change.origin !== 'monitor') return;
      records.push(...change.records.filter((r) => r.id === 4));
    });
  });
  afterAll(async () => t?.destroy());

  it('goes cmc on, then ping, then ssh with os_release', async () => {
    const drivers = { power: { driver: 'sim' }, probe: { driver: 'sim' } };
    const created = await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 4, drivers });
    expect(created.status).toBe(201);
    const deadline = Date.now() + 10_000;
    while (!records.some((r) => r.cmc_on_off === 'off')) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the first probe');
      await new Promise((r) => setTimeout(r, 20));
    }
    await t.rig.drivers.registry.power(created.body)?.on();
    while (!records.some((r) => r.os_release)) {
      if (Date.now() > deadline) throw new Error('timed out waiting for os_release');
      await new Promise((r) => setTimeout(r, 20));
    }
    const firstIndex = (test: (r: StatusRecord) => boolean) => records.findIndex(test);
    const cmc = firstIndex((r) => r.cmc_on_off === 'on');
    const ping = firstIndex((r) => r.control_ping === 'on');
    const ssh = firstIndex((r) => r.control_ssh === 'on');
    const os = firstIndex((r) => typeof r.os_release === 'string');
    expect(cmc).toBeGreaterThan(0);
    expect(ping).toBeGreaterThan(cmc);
    expect(ssh).toBeGreaterThan(ping);
    expect(os).toBe(ssh);
    expect(records[cmc]).toMatchObject({ control_ping: 'off', control_ssh: 'off' });
    expect(records[os]?.os_release).toMatch(/^(ubuntu|fedora)-/);
  });
});
