import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import type { TestRig } from '../helpers/rig.ts';
import type { WsProbe } from '../helpers/ws.ts';
import {
  connect,
  eventsOf,
  eventsRig,
  framesOf,
  helloOf,
  positionOf,
  range,
  seqsOf,
  untilSeq,
  writer,
} from './helpers.ts';

const backlog = 100;

describe('events: resuming with since and epoch', () => {
  let t: TestRig;
  let reference: WsProbe;
  const probes: WsProbe[] = [];
  const open = async (query = '') => {
    const probe = await connect(t, query);
    probes.push(probe);
    return probe;
  };
  const resumeQuery = (epoch: string, since: number, topics?: string) =>
    `?since=${since}&epoch=${epoch}${topics ? `&topics=${topics}` : ''}`;

  beforeEach(async () => {
    t = await eventsRig({ backlog });
    reference = await open();
  });
  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await t?.destroy();
  });

  /** Three device events then three status events: six numbered events. */
  async function sixChanges(first: number) {
    const w = writer(t);
    await w.createDevice(first);
    await w.power(first, true);
    await w.renameDevice(first, `node-${first}`);
    await w.power(first, false);
    await w.createDevice(first + 1);
    await w.setStatus([{ id: first + 1, control_ping: 'on' }]);
  }

  it('sends a returning client exactly the events it missed, on both topics, and no snapshot', async () => {
    const client = await open();
    const epoch = helloOf(client).epoch;
    await sixChanges(1);
    await untilSeq(client, 6);
    const since = positionOf(client);
    expect(since).toBe(6);
    await client.close();

    await sixChanges(11);
    await untilSeq(reference, 12);
    const back = await open(resumeQuery(epoch, since));
    expect(helloOf(back)).toMatchObject({
      resumed: true,
      seq: 6,
      epoch,
      topics: ['devices', 'status', 'leases'],
    });
    await untilSeq(back, 12);
    expect(framesOf(back).some((f) => f.type === 'snapshot')).toBe(false);
    expect(seqsOf(eventsOf(back))).toEqual(range(7, 12));
    expect(eventsOf(back)).toEqual(eventsOf(reference).filter((e) => e.seq > since));
    expect(new Set(eventsOf(back).map((e) => e.topic))).toEqual(new Set(['devices', 'status']));

    // Live again: the next change comes once, numbered next.
    await writer(t).power(11, true);
    await untilSeq(back, 13);
    expect(seqsOf(eventsOf(back))).toEqual(range(7, 13));
  });

  it('resumes with only the missed events of the topics asked for', async () => {
    const epoch = helloOf(reference).epoch;
    await sixChanges(1);
    await untilSeq(reference, 6);
    const back = await open(resumeQuery(epoch, 2, 'status'));
    await untilSeq(back, 6);
    expect(eventsOf(back)).toEqual(eventsOf(reference).filter((e) => e.seq > 2 && e.topic === 'status'));
  });

  it('resumes with nothing to send when the client missed nothing', async () => {
    await sixChanges(1);
    await untilSeq(reference, 6);
    const back = await open(resumeQuery(helloOf(reference).epoch, 6));
    expect(helloOf(back)).toMatchObject({ resumed: true, seq: 6 });
    await writer(t).power(1, true);
    await untilSeq(back, 7);
    expect(seqsOf(eventsOf(back))).toEqual([7]);
  });

  it('answers a since from another epoch (another run of Rig) with fresh snapshots', async () => {
    await sixChanges(1);
    await untilSeq(reference, 6);
    const other = await open(resumeQuery('00000000-0000-4000-8000-000000000000', 3));
    expect(helloOf(other)).toMatchObject({ resumed: false, seq: 6 });
    const snapshots = framesOf(other).filter((f) => f.type === 'snapshot');
    expect(snapshots.map((s) => s.type === 'snapshot' && [s.topic, s.seq])).toEqual([
      ['devices', 6],
      ['status', 6],
      ['leases', 6],
    ]);
    expect(eventsOf(other)).toEqual([]);
  });

  it('answers a since in the future with fresh snapshots', async () => {
    await sixChanges(1);
    await untilSeq(reference, 6);
    const ahead = await open(resumeQuery(helloOf(reference).epoch, 7));
    expect(helloOf(ahead)).toMatchObject({ resumed: false, seq: 6 });
    expect(framesOf(ahead).filter((f) => f.type === 'snapshot')).toHaveLength(3);
    await writer(t).power(1, true);
    await untilSeq(ahead, 7);
    expect(seqsOf(eventsOf(ahead))).toEqual([7]);
  });

  it('answers a since that the backlog no longer holds with fresh snapshots of the current state', async () => {
    const epoch = helloOf(reference).epoch;
    const w = writer(t);
    await w.createDevice(1);
    await untilSeq(reference, 1);
    // The backlog keeps the last 100 events: resuming from 1 needs events 2..102, and 2 is gone.
    for (let i = 0; i < backlog + 1; i++) await w.setStatus([{ id: 1, counter: i }]);
    await untilSeq(reference, backlog + 2);
    const late = await open(resumeQuery(epoch, 1));
    expect(helloOf(late)).toMatchObject({ resumed: false, seq: backlog + 2 });
    const status = framesOf(late).find((f) => f.type === 'snapshot' && f.topic === 'status');
    expect(status).toMatchObject({ data: { node: [{ id: 1, counter: backlog }] } });
    // One event newer, and the backlog still holds everything after 2: exact resume again.
    const exact = await open(resumeQuery(epoch, 2));
    expect(helloOf(exact)).toMatchObject({ resumed: true, seq: 2 });
    await untilSeq(exact, backlog + 2);
    expect(seqsOf(eventsOf(exact))).toEqual(range(3, backlog + 2));
  });

  it('starts a connected client afresh when one turn publishes more events than the backlog keeps', async () => {
    const client = await open('?topics=devices');
    // One import: 150 creations announced together, after its transaction commits.
    const devices = range(1, backlog + 50).map((id) => ({ kind: 'node', id }));
    const res = await api(t.url, 'POST', '/api/v1/inventory/import', { version: 1, devices });
    expect(res.status).toBe(200);
    const hello = await client.next(
      (f) => f.type === 'hello' && f !== helloOf(client),
      5000,
      'a second hello',
    );
    expect(hello).toMatchObject({ resumed: false, seq: backlog + 50, topics: ['devices'] });
    const snapshot = await client.next((f) => f.type === 'snapshot', 5000, 'a new snapshot');
    expect(snapshot).toMatchObject({ topic: 'devices', seq: backlog + 50 });
    expect((snapshot.data as unknown[]).length).toBe(backlog + 50);
    expect(eventsOf(client)).toEqual([]);
    await writer(t).deleteDevice(1);
    await untilSeq(client, backlog + 51);
    expect(seqsOf(eventsOf(client))).toEqual([backlog + 51]);
  });
});
