import { afterAll, describe, expect, it } from 'vitest';
import type { StatusRecord } from '../../src/status/index.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

const rigs: TestRig[] = [];
afterAll(async () => {
  for (const rig of rigs) await rig.destroy();
});

/** Waits until `test` holds, polling; names what it waited for when it gives up. */
async function until(test: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Runs a demo lab until every node it powered on has booted, and returns what each node
 * looks like: power, os and availability. Experimenters are off so that only the seed decides.
 */
async function bootedLab(seed: number): Promise<Record<string, unknown>[]> {
  const t = await startRig({
    config: {
      demo: { enabled: true, seed, speed: 50, activity: false },
      monitor: { enabled: true, cadenceSeconds: { node: 0.05 } },
    },
  });
  rigs.push(t);
  // The demo has powered its nodes when the rig has started; the monitor then sees them boot.
  const power = new Map<unknown, string>();
  for (const node of await t.rig.inventory.service.all('node')) {
    power.set(node.id, (await t.rig.drivers.registry.power(node)?.status()) ?? 'none');
  }
  const nodes = () => t.rig.status.service.list('node');
  const settled = (r: StatusRecord) =>
    power.get(r.id) === 'on' ? typeof r.os_release === 'string' : r.cmc_on_off === 'off';
  await until(() => nodes().length === 37 && nodes().every(settled), 'every node to boot or show off');
  await t.stop();
  return nodes()
    .map((r) => ({ id: r.id, power: r.cmc_on_off, os: r.os_release, available: r.available }))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

describe('demo lab replay', () => {
  it('powers on the same nodes, with the same os, for the same seed, and others for another', async () => {
    const first = await bootedLab(11);
    expect(first.filter((n) => n.power === 'on').length).toBeGreaterThan(5);
    expect(first.filter((n) => n.power === 'off').length).toBeGreaterThan(0);
    expect(await bootedLab(11)).toEqual(first);
    expect(await bootedLab(12)).not.toEqual(first);
  });

  it('plays experimenters who switch nodes on and off', async () => {
    const t = await startRig({
      config: {
        demo: { enabled: true, seed: 5, speed: 1000, activity: true },
        monitor: { enabled: true, cadenceSeconds: { node: 0.05 } },
      },
    });
    rigs.push(t);
    const switched = new Set<unknown>();
    const seen = new Map<unknown, unknown>();
    t.rig.bus.on('statusChanged', switched, ({ kind, records }) => {
      if (kind !== 'node') return;
      for (const r of records) {
        if (seen.has(r.id) && seen.get(r.id) !== r.cmc_on_off) switched.add(r.id);
        seen.set(r.id, r.cmc_on_off);
      }
    });
    await until(() => switched.size >= 3, 'experimenters to switch three nodes');
  });
});
