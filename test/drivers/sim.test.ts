import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DriverRegistry } from '../../src/drivers/registry.ts';
import { simDriver } from '../../src/drivers/sim/driver.ts';
import { SimLab } from '../../src/drivers/sim/lab.ts';
import type { Device } from '../../src/inventory/index.ts';
import type { Clock } from '../../src/lib/clock.ts';

/** A clock the test moves by hand: the simulated hardware takes time as a dependency. */
class ManualClock implements Clock {
  constructor(private ms = 1_700_000_000_000) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

const sim = (config: Record<string, unknown> = {}) => ({
  driver: 'sim',
  config: { latencyMs: 0, ...config },
});

function device(
  id: number | string,
  kind: Device['kind'] = 'node',
  config: Record<string, unknown> = {},
): Device {
  return {
    kind,
    id,
    name: String(id),
    model: null,
    tags: [],
    attributes: {},
    addresses: { mac: null, ip: null, hostname: null },
    drivers: { power: sim(config), probe: sim(config) },
    revision: 1,
    created_at: '',
    updated_at: '',
  };
}

function lab(seed: number) {
  const clock = new ManualClock();
  const registry = new DriverRegistry({ clock, logger: pino({ level: 'silent' }) });
  registry.register(simDriver(new SimLab(seed, clock, 1)));
  return { clock, registry };
}

/** Powers a node on and probes it every half second until ssh answers: what a monitor sees. */
async function bootTrace(seed: number, node: Device) {
  const { clock, registry } = lab(seed);
  const probe = registry.probe(node);
  const signal = new AbortController().signal;
  const before = await probe?.probe(signal);
  await registry.power(node)?.on();
  const trace: Array<{ t: number; ping: unknown; ssh: unknown; os: unknown }> = [];
  for (let t = 0; t <= 30; t += 0.5) {
    const seen = await probe?.probe(signal);
    trace.push({ t, ping: seen?.control_ping, ssh: seen?.control_ssh, os: seen?.os_release });
    clock.advance(0.5);
  }
  const first = (test: (s: (typeof trace)[number]) => boolean) => trace.find(test)?.t;
  return {
    before,
    pingAt: first((s) => s.ping === 'on'),
    sshAt: first((s) => s.ssh === 'on'),
    osAt: first((s) => s.os !== undefined),
    os: trace.at(-1)?.os,
  };
}

describe('sim driver', () => {
  it('boots like hardware: power on, then ping, then ssh with os_release', async () => {
    const trace = await bootTrace(42, device(1));
    expect(trace.before).toEqual({
      cmc_on_off: 'off',
      control_ping: 'off',
      control_ssh: 'off',
      usrp_on_off: 'off',
    });
    expect(trace.pingAt).toBeGreaterThan(0);
    expect(trace.sshAt).toBeGreaterThan(trace.pingAt ?? Infinity);
    expect(trace.osAt).toBe(trace.sshAt);
    expect(trace.os).toMatch(/^(ubuntu|fedora)-/);
  });

  it('replays the same boot timings and os for the same seed', async () => {
    for (const id of [1, 2, 3])
      expect(await bootTrace(7, device(id))).toEqual(await bootTrace(7, device(id)));
  });

  it('draws other behaviour from another seed', async () => {
    const traits = async (seed: number) =>
      Promise.all(Array.from({ length: 8 }, (_, i) => bootTrace(seed, device(i + 1))));
    expect(await traits(1)).not.toEqual(await traits(2));
  });

  it('lets a binding fix boot time and os over the seed', async () => {
    const trace = await bootTrace(42, device(1, 'node', { bootSeconds: 2, os: 'ubuntu-24.04' }));
    expect(trace.pingAt).toBe(2);
    expect(trace.os).toBe('ubuntu-24.04');
  });

  it('powers off and reports it, and starts other kinds powered on', async () => {
    const { registry } = lab(42);
    const signal = new AbortController().signal;
    const pdu = { ...device('jaguar', 'pdu'), attributes: { label: 'RRU', unrelated: 1 } };
    expect(await registry.probe(pdu)?.probe(signal)).toEqual({ on_off: 'on', label: 'RRU' });
    await registry.power(pdu)?.off();
    expect(await registry.power(pdu)?.status()).toBe('off');
    expect(await registry.probe(pdu)?.probe(signal)).toEqual({ on_off: 'off', label: 'RRU' });
    expect(await registry.probe(device(1, 'phone'))?.probe(signal)).toEqual({ airplane_mode: 'off' });
  });

  it('reports CMC failures as often as a flaky binding asks', async () => {
    const { registry } = lab(42);
    const node = device(5, 'node', { flaky: 1 });
    expect(await registry.probe(node)?.probe(new AbortController().signal)).toMatchObject({
      cmc_on_off: 'fail',
    });
  });

  it('rebuilds a driver for a device deleted and created again with another binding', async () => {
    const { clock, registry } = lab(42);
    const signal = new AbortController().signal;
    const first = device(9, 'node', { os: 'fedora-41', bootSeconds: 1 });
    await registry.power(first)?.on();
    clock.advance(60);
    expect(await registry.probe(first)?.probe(signal)).toMatchObject({ os_release: 'fedora-41' });
    // Same id and revision, another binding: the same simulated machine, seen through it.
    const again = device(9, 'node', { os: 'ubuntu-20.04', bootSeconds: 1 });
    expect(await registry.probe(again)?.probe(signal)).toMatchObject({
      cmc_on_off: 'on',
      os_release: 'ubuntu-20.04',
    });
  });

  it('stops a power action when its signal aborts', async () => {
    const { registry } = lab(42);
    const node = device(3, 'node', { latencyMs: 60_000 });
    const controller = new AbortController();
    const action = registry.power(node)?.on(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(action).rejects.toThrow('cancelled');
    expect(await registry.power(node)?.status()).toBe('off');
  });
});
