import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from '../../src/leases/index.ts';
import { eventually, type LeaseLab, leaseLab } from './lab.ts';

/** Start and end of leases with a one-second grain, on the real clock. */
describe('lease life', () => {
  let lab: LeaseLab;
  const seen: Array<[string, number]> = [];
  const power = async (id: number) => {
    const { rig } = lab.t;
    const device = await rig.inventory.service.get('node', id);
    return rig.drivers.registry.power(device)?.status();
  };
  /** The next whole second plus `n` seconds, ISO. */
  const second = (base: number, n: number) => new Date(base + n * 1000).toISOString();

  beforeAll(async () => {
    lab = await leaseLab({ leases: { grainSeconds: 1, powerOffAtEnd: true } });
    const owner = {};
    lab.t.rig.bus.on('leaseStarted', owner, ({ lease }) => seen.push(['started', lease.id]));
    lab.t.rig.bus.on('leaseEnded', owner, ({ lease }) => seen.push(['ended', lease.id]));
  });
  afterAll(async () => lab?.destroy());

  it('announces each start and end once, and powers off the nodes no lease of the slice continues on', async () => {
    const { rig } = lab.t;
    for (const id of [1, 2, 3]) {
      await rig.drivers.registry.power(await rig.inventory.service.get('node', id))?.on();
    }
    // Two seconds ahead: both bookings are in before the first start, even on a busy machine.
    const base = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    const book = async (nodes: number[], from: number, until: number) => {
      const res = await lab.as('alice', 'POST', '/api/v1/leases', {
        slice: 'alpha',
        nodes,
        t_from: second(base, from),
        t_until: second(base, until),
      });
      expect(res.status, res.text).toBe(201);
      return res.body as Lease;
    };
    const first = await book([1, 2], 0, 2);
    // The same slice continues on node 2: it stays on when the first lease ends.
    const next = await book([2], 2, 3);

    await eventually(
      () => (seen.some(([what, id]) => what === 'ended' && id === first.id) ? true : undefined),
      'the first end',
    );
    await eventually(async () => ((await power(1)) === 'off' ? true : undefined), 'node 1 off');
    expect(await power(2)).toBe('on');
    await eventually(
      () => (seen.some(([what, id]) => what === 'ended' && id === next.id) ? true : undefined),
      'the second end',
    );
    await eventually(async () => ((await power(2)) === 'off' ? true : undefined), 'node 2 off');
    expect(await power(3)).toBe('on');
    expect(seen).toEqual([
      ['started', first.id],
      ['ended', first.id],
      ['started', next.id],
      ['ended', next.id],
    ]);
  });

  it('ends a running lease at once when it is cancelled, and re-arms for a moved end', async () => {
    seen.length = 0;
    const base = Math.ceil(Date.now() / 1000) * 1000;
    const res = await lab.as('alice', 'POST', '/api/v1/leases', {
      slice: 'alpha',
      nodes: [4],
      t_from: second(base, -1),
      t_until: second(base, 60),
    });
    const lease = res.body as Lease;
    await eventually(() => (seen.length === 1 ? true : undefined), 'the start');
    // Shortened to end in a second: the timer set for the old end is re-armed.
    const end = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    const patched = await lab.as('alice', 'PATCH', `/api/v1/leases/${lease.id}`, {
      t_until: new Date(end).toISOString(),
    });
    expect(patched.status).toBe(200);
    await eventually(() => (seen.length === 2 ? true : undefined), 'the end');
    expect(Date.now()).toBeGreaterThanOrEqual(end);
    expect(seen).toEqual([
      ['started', lease.id],
      ['ended', lease.id],
    ]);

    seen.length = 0;
    const other = await lab.as('alice', 'POST', '/api/v1/leases', {
      slice: 'alpha',
      nodes: [4],
      t_from: second(Math.ceil(Date.now() / 1000) * 1000, -1),
      t_until: second(Math.ceil(Date.now() / 1000) * 1000, 60),
    });
    await eventually(() => (seen.length === 1 ? true : undefined), 'the second start');
    expect((await lab.as('alice', 'DELETE', `/api/v1/leases/${other.body.id}`)).status).toBe(200);
    await eventually(() => (seen.length === 2 ? true : undefined), 'the end of the cancelled lease');
    expect(seen).toEqual([
      ['started', other.body.id],
      ['ended', other.body.id],
    ]);
  });
});
