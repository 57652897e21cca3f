import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/events/index.ts';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';
import { WsProbe } from '../helpers/ws.ts';
import { connect, eventsOf, eventsUrl, framesOf, range, seqsOf, untilSeq, writer } from './helpers.ts';

type DeviceRef = { kind: string; id: number | string };
const keyOf = (d: DeviceRef) => `${d.kind}/${JSON.stringify(d.id)}`;

/** The devices that exist after applying `events` (device events only) to `start`. */
function applyDeviceEvents(start: Iterable<string>, events: readonly LiveEvent[]): Set<string> {
  const devices = new Set(start);
  for (const e of events) {
    if (e.topic !== 'devices') continue;
    const data = e.data as { device?: DeviceRef } & DeviceRef;
    if (e.type === 'deviceDeleted') devices.delete(keyOf(data));
    else if (data.device) devices.add(keyOf(data.device));
  }
  return devices;
}

const dialects: Dialect[] = ['sqlite', 'postgres'];
const runPg = (await postgresReachable()) || process.env.CI === 'true';

describe.each(dialects)('events on %s: a snapshot is exactly the state at its sequence number', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let t: TestRig;
  const probes: WsProbe[] = [];

  beforeEach(async () => {
    if (!skip) t = await startRig({ dialect });
  });
  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await t?.destroy();
  });

  it.skipIf(skip)(
    'holds no change numbered after it and misses none before it, while devices change meanwhile',
    async () => {
      const reference = await connect(t);
      probes.push(reference);
      const w = writer(t);
      const writes = 80;
      // Devices are created and deleted while clients keep connecting: each snapshot must
      // hold exactly the devices whose creation is numbered up to the snapshot's seq.
      const writing = (async () => {
        for (let id = 1; id <= writes; id += 4) {
          await Promise.all([
            w.createDevice(id),
            w.createDevice(id + 1),
            w.createDevice(id + 2),
            w.power(id, true),
          ]);
          await w.deleteDevice(id + 1);
        }
      })();
      const late: WsProbe[] = [];
      let done = false;
      void writing.finally(() => {
        done = true;
      });
      // Several clients connecting at once, again and again, until the writes are done.
      const connecting = async () => {
        while (!done) {
          const probe = await WsProbe.connect(eventsUrl(t));
          probes.push(probe);
          await probe.next((f) => f.type === 'snapshot' && f.topic === 'status', 5000, 'the last snapshot');
          late.push(probe);
        }
      };
      await Promise.all([writing, connecting(), connecting(), connecting()]);
      const last = t.rig.events.hub.lastSeq;
      await Promise.all([reference, ...late].map((p) => untilSeq(p, last)));
      const all = eventsOf(reference);
      expect(seqsOf(all)).toEqual(range(1, last));
      const current = (await api(t.url, 'GET', '/api/v1/devices?limit=1000')).body.items as DeviceRef[];
      const finalKeys = new Set(current.map(keyOf));
      expect(applyDeviceEvents([], all)).toEqual(finalKeys);

      let snapshotsInTheMiddle = 0;
      for (const probe of late) {
        const snapshot = framesOf(probe).find((f) => f.type === 'snapshot' && f.topic === 'devices');
        if (snapshot?.type !== 'snapshot') throw new Error('no devices snapshot');
        const seq = snapshot.seq;
        if (seq > 0 && seq < last) snapshotsInTheMiddle++;
        const held = new Set((snapshot.data as DeviceRef[]).map(keyOf));
        expect(held, `devices snapshot at ${seq}`).toEqual(
          applyDeviceEvents(
            [],
            all.filter((e) => e.seq <= seq),
          ),
        );
        // Then every later event, once, and none already in the snapshot.
        expect(eventsOf(probe)).toEqual(all.filter((e) => e.seq > seq));
        expect(applyDeviceEvents(held, eventsOf(probe))).toEqual(finalKeys);
      }
      expect(snapshotsInTheMiddle).toBeGreaterThan(0);
    },
  );
});
