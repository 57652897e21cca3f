import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import type { WsProbe } from '../helpers/ws.ts';
import {
  closeCode,
  connect,
  eventsOf,
  eventsRig,
  helloOf,
  positionOf,
  range,
  seqsOf,
  untilSeq,
  writer,
} from './helpers.ts';

const maxBufferedBytes = 64 << 10;
/** One status event of about 160 kB: 20 records of 8 kB. */
const bigChange = (round: number) => range(1, 20).map((id) => ({ id, round, blob: 'x'.repeat(8 << 10) }));

describe('events: a client that does not read', () => {
  let t: TestRig;
  const probes: WsProbe[] = [];

  beforeEach(async () => {
    // Heartbeats are rare here, so that only the send buffer decides when the client goes.
    t = await eventsRig({ maxBufferedBytes, heartbeatSeconds: 60, backlog: 10_000 });
  });
  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await t?.destroy();
  });

  it('never delays a reading client, is closed with 4008, and resumes exactly with since', async () => {
    const reader = await connect(t);
    const slow = await connect(t);
    probes.push(reader, slow);
    const epoch = helloOf(slow).epoch;
    const hub = t.rig.events.hub;
    const slowClosed = closeCode(slow);
    slow.socket.pause(); // its TCP socket stops reading: the server's send buffer fills up

    // The reader gets each event before the next one is made, while the other reads nothing.
    const w = writer(t);
    let seq = 0;
    let stillServedAfter = 0;
    const deadline = 400;
    while (hub.clientCount === 2) {
      if (seq >= deadline) throw new Error(`the slow client was still served after ${seq} big events`);
      await w.setStatus(bigChange(++seq));
      await untilSeq(reader, seq);
      if (hub.clientCount === 2) stillServedAfter = seq;
    }
    // It was still being served (its bytes held in the kernel and in its buffer) while the
    // reader went on, so the reader did not wait for it.
    expect(stillServedAfter).toBeGreaterThan(1);
    // More events while it is gone.
    for (let i = 0; i < 5; i++) await w.power(100 + i, true);
    const last = seq + 5;
    await untilSeq(reader, last);
    expect(seqsOf(eventsOf(reader))).toEqual(range(1, last));

    // Reading again, it finds what was queued for it, then the close frame.
    slow.socket.resume();
    expect(await slowClosed).toBe(4008);
    const since = positionOf(slow);
    expect(since).toBeLessThan(last);
    const before = seqsOf(eventsOf(slow));
    expect(before).toEqual(range(1, since));

    const back = await connect(t, `?since=${since}&epoch=${epoch}`);
    probes.push(back);
    expect(helloOf(back)).toMatchObject({ resumed: true, seq: since });
    await untilSeq(back, last);
    // Before and after the drop together: every event once, in order, as the reader got them.
    expect([...before, ...seqsOf(eventsOf(back))]).toEqual(range(1, last));
    expect([...eventsOf(slow), ...eventsOf(back)]).toEqual(eventsOf(reader));
  });
});
