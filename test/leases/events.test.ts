import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsProbe } from '../helpers/ws.ts';
import { type LeaseLab, leaseLab } from './lab.ts';

interface LeaseEvent {
  topic: string;
  type: string;
  data: { lease: { id: number; t_until: string }; change?: string };
}

describe('leases on /api/v1/events', () => {
  let lab: LeaseLab;
  let probe: WsProbe;
  const eventsOf = () =>
    (probe.frames as Array<{ type: string; events?: LeaseEvent[] }>).flatMap((f) =>
      f.type === 'events' ? (f.events ?? []) : [],
    );
  const untilEvents = async (count: number) => {
    while (eventsOf().length < count) await probe.next((f) => f.type === 'events', 5000, `${count} events`);
    return eventsOf().map((e) => [e.type, e.data.lease.id, e.data.change]);
  };

  beforeAll(async () => {
    lab = await leaseLab();
  });
  afterAll(async () => {
    await probe?.close();
    await lab?.destroy();
  });

  it('snapshots the leases not yet ended, then numbers bookings, changes, cancels, starts and ends', async () => {
    const book = (from: number, until: number, nodes: unknown = [1]) =>
      lab.as('alice', 'POST', '/api/v1/leases', {
        slice: 'alpha',
        nodes,
        t_from: lab.slot(from),
        t_until: lab.slot(until),
      });
    const ahead = (await book(4, 5)).body;
    const running = (
      await lab.as('oscar', 'POST', '/api/v1/leases', {
        slice: 'beta',
        nodes: [2],
        t_from: lab.slot(0),
        t_until: lab.slot(2),
      })
    ).body;
    const url = `${lab.t.url.replace(/^http/, 'ws')}/api/v1/events?topics=leases`;
    // Readable with an API token like any other read.
    probe = await WsProbe.connect(url, { headers: { authorization: `Bearer ${lab.t.adminToken}` } });
    const snapshot = await probe.next<{ data: Array<{ id: number }> }>(
      (f) => f.type === 'snapshot',
      5000,
      'snapshot',
    );
    expect(snapshot.data.map((l) => l.id)).toEqual([running.id, ahead.id]);

    const later = (await book(6, 7, [3])).body;
    await lab.as('alice', 'PATCH', `/api/v1/leases/${later.id}`, { t_until: lab.slot(8) });
    await lab.as('alice', 'DELETE', `/api/v1/leases/${later.id}`);
    await lab.as('oscar', 'DELETE', `/api/v1/leases/${running.id}`);
    expect(await untilEvents(5)).toEqual([
      ['leaseChanged', later.id, 'created'],
      ['leaseChanged', later.id, 'updated'],
      ['leaseChanged', later.id, 'deleted'],
      ['leaseChanged', running.id, 'updated'],
      ['leaseEnded', running.id, undefined],
    ]);
    expect(eventsOf().every((e) => e.topic === 'leases')).toBe(true);

    // A new client's snapshot no longer holds the ended or deleted leases.
    const second = await WsProbe.connect(url, { headers: { authorization: `Bearer ${lab.t.adminToken}` } });
    const fresh = await second.next<{ data: Array<{ id: number }> }>(
      (f) => f.type === 'snapshot',
      5000,
      'snapshot',
    );
    expect(fresh.data.map((l) => l.id)).toEqual([ahead.id]);
    await second.close();
  });

  it('announces the start of a lease booked in the running grain', async () => {
    const before = eventsOf().length;
    const res = await lab.as('alice', 'POST', '/api/v1/leases', {
      slice: 'alpha',
      nodes: [5],
      t_from: lab.slot(0),
      t_until: lab.slot(2),
    });
    expect((await untilEvents(before + 2)).slice(before)).toEqual([
      ['leaseChanged', res.body.id, 'created'],
      ['leaseStarted', res.body.id, undefined],
    ]);
  });

  it('refuses the events face without credentials', async () => {
    const url = `${lab.t.url.replace(/^http/, 'ws')}/api/v1/events?topics=leases`;
    await expect(WsProbe.connect(url)).rejects.toThrow(/401/);
  });
});
