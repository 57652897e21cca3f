import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StatusRecord } from '../../src/status/index.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

/**
 * A probe driver under the test's control: `slow` answers after a while, `hang` never
 * answers and ignores its abort signal (the worst a real driver can do).
 */
function testDriver() {
  const counts = new Map<string, number>();
  const load = { active: 0, max: 0 };
  const definition = {
    name: 'probe-test',
    description: 'test probes',
    configSchema: z.strictObject({ mode: z.enum(['slow', 'hang']) }),
    roles: ['probe'] as const,
    createProbe: (device: { id: unknown }, config: { mode: 'slow' | 'hang' }) => ({
      async probe() {
        if (config.mode === 'hang') return new Promise<Record<string, unknown>>(() => {});
        load.active++;
        load.max = Math.max(load.max, load.active);
        await new Promise((r) => setTimeout(r, 30));
        load.active--;
        const n = (counts.get(String(device.id)) ?? 0) + 1;
        counts.set(String(device.id), n);
        return { probes: n };
      },
    }),
  };
  return { definition, load };
}

/** Waits until the live status of node `id` satisfies `test`. */
async function until(t: TestRig, id: number, test: (r: StatusRecord | undefined) => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!test(t.rig.status.service.get('node', id))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A rig probing nodes every 50 ms with the test driver, in the given modes. */
async function monitoredRig(driver: ReturnType<typeof testDriver>, modes: string[], concurrency: number) {
  const t = await startRig({
    config: {
      monitor: {
        enabled: true,
        concurrency,
        timeoutSeconds: 0.2,
        cadenceSeconds: { node: 0.05, phone: 60, pdu: 60, switch: 60, instrument: 60 },
      },
    },
  });
  t.rig.drivers.registry.register(driver.definition);
  const devices = modes.map((mode, i) => ({
    kind: 'node',
    id: i + 1,
    drivers: { probe: { driver: 'probe-test', config: { mode } } },
  }));
  expect((await api(t.url, 'POST', '/api/v1/inventory/import', { devices })).status).toBe(200);
  return t;
}

describe('monitor with a probe that hangs', () => {
  let t: TestRig;
  const changes: Array<{ origin: string; records: readonly StatusRecord[] }> = [];

  beforeAll(async () => {
    t = await monitoredRig(testDriver(), ['hang', 'slow', 'slow'], 4);
    t.rig.bus.on('statusChanged', changes, (change) => changes.push(change));
  });
  afterAll(async () => t?.destroy());

  it('keeps probing in rounds, and gives the hung device no status', async () => {
    await until(t, 2, (r) => Number(r?.probes) >= 3, 'three rounds to complete');
    expect(t.rig.status.service.get('node', 1)).toBeUndefined();
  });

  it('feeds the live status with the monitor origin', () => {
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.map((c) => c.origin))).toEqual(new Set(['monitor']));
    expect(changes.flatMap((c) => c.records).find((r) => r.id === 2)).toEqual({ id: 2, probes: 1 });
  });
});

describe('monitor concurrency', () => {
  let t: TestRig;
  const driver = testDriver();

  beforeAll(async () => {
    t = await monitoredRig(driver, ['slow', 'slow', 'slow', 'slow', 'slow', 'slow'], 2);
  });
  afterAll(async () => t?.destroy());

  it('runs no more probes at once than its limit, and up to it', async () => {
    for (const id of [1, 2, 3, 4, 5, 6])
      await until(t, id, (r) => Number(r?.probes) >= 2, `node ${id} probed twice`);
    expect(driver.load.max).toBe(2);
  });
});
