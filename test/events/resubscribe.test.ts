import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import type { WsProbe } from '../helpers/ws.ts';
import { connect, eventsOf, eventsRig, framesOf, range, seqsOf, untilSeq, writer } from './helpers.ts';

describe('events: changing topics on an open connection', () => {
  let t: TestRig;
  const probes: WsProbe[] = [];
  const open = async (query = '') => {
    const probe = await connect(t, query);
    probes.push(probe);
    return probe;
  };

  beforeEach(async () => {
    t = await eventsRig();
  });
  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await t?.destroy();
  });

  it('keeps kept topics gapless, snapshots added ones at the switch, and stops dropped ones', async () => {
    const reference = await open();
    const client = await open('?topics=status');
    const w = writer(t);
    let stop = false;
    // Both topics change all the time while the client changes its subscription twice.
    const writing = (async () => {
      for (let id = 1; !stop; id++) {
        await Promise.all([w.power(id, id % 2 === 0), w.createDevice(id), w.power(id - 1, true)]);
      }
    })();
    await untilSeq(reference, 10);
    client.send({ type: 'subscribe', topics: ['status', 'devices'] });
    const first = await client.next((f) => f.type === 'subscribed', 5000, 'subscribed to both');
    expect(first).toMatchObject({ topics: ['status', 'devices'], added: ['devices'] });
    await untilSeq(reference, (first.seq as number) + 10);
    client.send({ type: 'subscribe', topics: ['devices'] });
    const second = await client.next((f) => f.type === 'subscribed', 5000, 'subscribed to devices');
    expect(second).toMatchObject({ topics: ['devices'], added: [] });
    await untilSeq(reference, (second.seq as number) + 10);
    stop = true;
    await writing;
    await w.createDevice('last', 'pdu'); // so that the last event is one the client follows
    const last = t.rig.events.hub.lastSeq;
    await Promise.all([untilSeq(reference, last), untilSeq(client, last)]);

    const all = eventsOf(reference);
    expect(seqsOf(all)).toEqual(range(1, last));
    const s1 = first.seq as number;
    const s2 = second.seq as number;
    // Status: every event up to the second switch, once, in order; none after it.
    expect(eventsOf(client, 'status')).toEqual(all.filter((e) => e.topic === 'status' && e.seq <= s2));
    // Devices: a snapshot at the first switch, holding exactly what was created up to it...
    const snapshots = framesOf(client).filter((f) => f.type === 'snapshot' && f.topic === 'devices');
    expect(snapshots).toHaveLength(1);
    const snapshot = snapshots[0];
    expect(snapshot).toMatchObject({ seq: s1 });
    const created = (upTo: number) =>
      all
        .filter((e) => e.type === 'deviceCreated' && e.seq <= upTo)
        .map((e) => (e.data as { device: { id: number } }).device.id);
    const held = (snapshot?.type === 'snapshot' ? (snapshot.data as Array<{ id: number }>) : []).map(
      (d) => d.id,
    );
    expect(held.sort((a, b) => a - b)).toEqual(created(s1).sort((a, b) => a - b));
    // ...then every later device event, once.
    expect(eventsOf(client, 'devices')).toEqual(all.filter((e) => e.topic === 'devices' && e.seq > s1));
  });

  it('answers a subscribe to what it already follows with no snapshot and no repeat', async () => {
    const client = await open('?topics=status');
    await writer(t).power(1, true);
    await untilSeq(client, 1);
    client.send({ type: 'subscribe', topics: ['status'] });
    const subscribed = await client.next((f) => f.type === 'subscribed', 5000, 'subscribed');
    expect(subscribed).toMatchObject({ seq: 1, topics: ['status'], added: [] });
    await writer(t).power(1, false);
    await untilSeq(client, 2);
    expect(seqsOf(eventsOf(client))).toEqual([1, 2]);
    expect(framesOf(client).filter((f) => f.type === 'snapshot')).toHaveLength(1);
  });
});
