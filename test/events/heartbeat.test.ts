import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import { WsProbe } from '../helpers/ws.ts';
import {
  closeCode,
  connect,
  eventsOf,
  eventsRig,
  eventsUrl,
  framesOf,
  helloOf,
  positionOf,
  untilSeq,
  waitUntil,
  writer,
} from './helpers.ts';

const heartbeatSeconds = 0.25;

describe('events: heartbeats', () => {
  let t: TestRig;
  const probes: WsProbe[] = [];

  beforeEach(async () => {
    t = await eventsRig({ heartbeatSeconds, backlog: 100 });
  });
  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await t?.destroy();
  });

  it('sends heartbeat frames with the epoch and the position, and keeps a client that answers pings', async () => {
    const client = await connect(t);
    probes.push(client);
    const epoch = helloOf(client).epoch;
    await writer(t).power(1, true);
    await untilSeq(client, 1);
    for (let i = 0; i < 4; i++) {
      const beat = await client.next((f) => f.type === 'heartbeat', 5000, `heartbeat ${i + 1}`);
      expect(beat).toMatchObject({ type: 'heartbeat', epoch, seq: 1 });
      expect(Number.isNaN(Date.parse(beat.time as string))).toBe(false);
    }
    // Four periods passed: a client that answers the websocket pings (ws does) is still served.
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    expect(t.rig.events.hub.clientCount).toBe(1);
  });

  it('cuts off a client that never answers the websocket pings, and only that one', async () => {
    const answering = await connect(t);
    probes.push(answering);
    const mute = await WsProbe.connect(eventsUrl(t), { autoPong: false });
    probes.push(mute);
    await mute.next((f) => f.type === 'hello', 5000, 'hello');
    expect(await closeCode(mute)).toBe(1006); // terminated: no closing handshake
    expect(mute.frames.some((f) => (f as { type?: string }).type === 'heartbeat')).toBe(true);
    await waitUntil(() => t.rig.events.hub.clientCount === 1, 'the server forgot the mute client');
    const before = answering.frames.length;
    await waitUntil(
      () => answering.frames.slice(before).some((f) => (f as { type?: string }).type === 'heartbeat'),
      'the answering client gets a later heartbeat',
    );
    expect(answering.socket.readyState).toBe(answering.socket.OPEN);
  });

  it('moves the position of a client whose topics are quiet, so that it can still resume', async () => {
    const quiet = await connect(t, '?topics=devices');
    probes.push(quiet);
    const epoch = helloOf(quiet).epoch;
    // 150 status events: more than the backlog keeps, none of them on the client's topic.
    const w = writer(t);
    for (let i = 0; i < 150; i++) await w.setStatus([{ id: 1, counter: i }]);
    await quiet.next((f) => f.type === 'heartbeat' && f.seq === 150, 5000, 'a heartbeat at 150');
    expect(eventsOf(quiet)).toEqual([]);
    const since = positionOf(quiet);
    expect(since).toBe(150);
    await quiet.close();
    await w.createDevice(1);
    const back = await connect(t, `?topics=devices&since=${since}&epoch=${epoch}`);
    probes.push(back);
    expect(helloOf(back)).toMatchObject({ resumed: true, seq: 150 });
    await back.next((f) => f.type === 'events', 5000, 'the device event');
    expect(eventsOf(back).map((e) => [e.seq, e.type])).toEqual([[151, 'deviceCreated']]);
    expect(framesOf(back).some((f) => f.type === 'snapshot')).toBe(false);
  });
});
