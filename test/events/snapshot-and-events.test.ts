import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import type { WsProbe } from '../helpers/ws.ts';
import {
  connect,
  eventsOf,
  eventsRig,
  framesOf,
  helloOf,
  range,
  seqsOf,
  untilSeq,
  writer,
} from './helpers.ts';

describe('events: snapshots, then numbered changes', () => {
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

  it('greets with hello and one snapshot per topic, holding the state at that sequence number', async () => {
    const w = writer(t);
    await w.createDevice(1);
    await w.createDevice('jaguar', 'pdu');
    await w.power(1, true);
    const probe = await open();
    const hello = helloOf(probe);
    expect(hello).toMatchObject({
      type: 'hello',
      seq: 3,
      resumed: false,
      topics: ['devices', 'status', 'leases'],
    });
    expect(hello.epoch).toMatch(/^[0-9a-f-]{36}$/);
    const snapshots = framesOf(probe).filter((f) => f.type === 'snapshot');
    expect(snapshots.map((s) => [s.topic, s.seq])).toEqual([
      ['devices', 3],
      ['status', 3],
      ['leases', 3],
    ]);
    const [devices, status] = snapshots.map((s) => (s.type === 'snapshot' ? s.data : undefined));
    expect((devices as Array<{ kind: string; id: unknown }>).map((d) => [d.kind, d.id])).toEqual([
      ['node', 1],
      ['pdu', 'jaguar'],
    ]);
    expect((status as Record<string, unknown>).node).toEqual([{ id: 1, cmc_on_off: 'on' }]);
  });

  it('numbers device creations, changes and deletions contiguously', async () => {
    const probe = await open();
    const w = writer(t);
    await w.createDevice(7);
    await w.renameDevice(7, 'seven');
    await w.deleteDevice(7);
    await untilSeq(probe, 3);
    const events = eventsOf(probe);
    expect(seqsOf(events)).toEqual([1, 2, 3]);
    expect(events.map((e) => [e.topic, e.type])).toEqual([
      ['devices', 'deviceCreated'],
      ['devices', 'deviceUpdated'],
      ['devices', 'deviceDeleted'],
    ]);
    expect(events[1]?.data).toMatchObject({ device: { kind: 'node', id: 7, name: 'seven' } });
    expect(events[2]?.data).toEqual({ kind: 'node', id: 7 });
  });

  it('numbers status changes, each carrying the whole merged record, and skips non-changes', async () => {
    const probe = await open();
    const w = writer(t);
    await w.setStatus([{ id: 1, cmc_on_off: 'on' }]);
    await w.setStatus([{ id: 1, cmc_on_off: 'on' }]); // no change: no event
    await w.setStatus([{ id: 1, control_ping: 'on' }]);
    await untilSeq(probe, 2);
    const events = eventsOf(probe);
    expect(events).toEqual([
      {
        seq: 1,
        topic: 'status',
        type: 'statusChanged',
        data: { kind: 'node', records: [{ id: 1, cmc_on_off: 'on' }] },
      },
      {
        seq: 2,
        topic: 'status',
        type: 'statusChanged',
        data: { kind: 'node', records: [{ id: 1, cmc_on_off: 'on', control_ping: 'on' }] },
      },
    ]);
  });

  it('sends a client only the topics it follows', async () => {
    const everything = await open();
    const statusOnly = await open('?topics=status');
    const devicesOnly = await open('?topics=devices');
    expect(helloOf(statusOnly).topics).toEqual(['status']);
    expect(
      framesOf(statusOnly)
        .filter((f) => f.type === 'snapshot')
        .map((f) => f.type === 'snapshot' && f.topic),
    ).toEqual(['status']);
    const w = writer(t);
    await w.createDevice(1); // 1
    await w.power(1, true); // 2
    await w.renameDevice(1, 'one'); // 3
    await w.power(1, false); // 4
    await w.deleteDevice(1); // 5: deviceDeleted, 6: statusRemoved
    await untilSeq(everything, 6);
    await untilSeq(statusOnly, 6);
    await untilSeq(devicesOnly, 5);
    expect(seqsOf(eventsOf(everything))).toEqual(range(1, 6));
    expect(eventsOf(statusOnly).map((e) => [e.seq, e.topic])).toEqual([
      [2, 'status'],
      [4, 'status'],
      [6, 'status'],
    ]);
    expect(eventsOf(devicesOnly).map((e) => [e.seq, e.topic])).toEqual([
      [1, 'devices'],
      [3, 'devices'],
      [5, 'devices'],
    ]);
    expect(eventsOf(statusOnly).at(-1)?.type).toBe('statusRemoved');
  });

  it('answers unknown topics with an error frame, follows the known ones, and stays usable', async () => {
    const probe = await open('?topics=nope,status');
    const error = framesOf(probe).find((f) => f.type === 'error');
    expect(error).toMatchObject({
      error: {
        code: 'RIG_ERR_VALIDATION',
        details: { unknown: ['nope'], known: ['devices', 'status', 'leases'] },
      },
    });
    expect(helloOf(probe).topics).toEqual(['status']);
    probe.send({ type: 'ping' });
    await probe.next((f) => f.type === 'pong', 5000, 'pong');
    await writer(t).power(3, true);
    await untilSeq(probe, 1);
    expect(eventsOf(probe).map((e) => e.topic)).toEqual(['status']);

    // A subscribe frame naming an unknown topic is answered the same way.
    probe.send({ type: 'subscribe', topics: ['devices', 'no-such-topic'] });
    const second = await probe.next((f) => f.type === 'error', 5000, 'second error');
    expect(second).toMatchObject({ error: { details: { unknown: ['no-such-topic'] } } });
    const subscribed = await probe.next((f) => f.type === 'subscribed', 5000, 'subscribed');
    expect(subscribed).toMatchObject({ topics: ['devices'], added: ['devices'], seq: 1 });
    await writer(t).createDevice(3);
    await untilSeq(probe, 2);
    expect(eventsOf(probe).map((e) => [e.seq, e.topic])).toEqual([
      [1, 'status'],
      [2, 'devices'],
    ]);
  });

  it('sends the same events to every client, in the order they were published', async () => {
    const a = await open();
    const b = await open();
    const w = writer(t);
    // Concurrent writes: whatever order the server applies them in, all clients agree on it.
    await Promise.all(range(1, 20).map((id) => w.createDevice(id)));
    await Promise.all([untilSeq(a, 20), untilSeq(b, 20)]);
    expect(seqsOf(eventsOf(a))).toEqual(range(1, 20));
    expect(eventsOf(b)).toEqual(eventsOf(a));
  });
});
