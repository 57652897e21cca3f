import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type TestRig } from '../helpers/rig.ts';
import type { WsProbe } from '../helpers/ws.ts';
import { connect, eventsOf, framesOf, helloOf, positionOf, untilSeq, writer } from './helpers.ts';

describe('events: sequence numbers restart with Rig', () => {
  const rigs: TestRig[] = [];
  const probes: WsProbe[] = [];
  afterEach(async () => {
    await Promise.all(probes.splice(0).map((p) => p.close()));
    for (const t of rigs.splice(0).reverse()) await t.destroy();
  });

  it('answers a since from before a restart with fresh snapshots, even when the number exists again', async () => {
    const first = await startRig();
    rigs.push(first);
    const before = await connect(first);
    probes.push(before);
    await writer(first).createDevice(1);
    await writer(first).power(1, true);
    await untilSeq(before, 2);
    const { epoch } = helloOf(before);
    const since = positionOf(before);
    await first.stop();

    const second = await startRig({ data: first.data, db: first.db });
    rigs.push(second);
    // The new run numbers its own events from 1: seq 2 and 3 exist again, meaning other things.
    await writer(second).createDevice(2);
    await writer(second).power(2, true);
    await writer(second).power(1, false);
    const back = await connect(second, `?since=${since}&epoch=${epoch}`);
    probes.push(back);
    const hello = helloOf(back);
    expect(hello).toMatchObject({ resumed: false, seq: 3 });
    expect(hello.epoch).not.toBe(epoch);
    expect(eventsOf(back)).toEqual([]);
    const snapshot = (topic: string) => {
      const frame = framesOf(back).find((f) => f.type === 'snapshot' && f.topic === topic);
      return frame?.type === 'snapshot' ? frame.data : undefined;
    };
    expect((snapshot('devices') as Array<{ id: number }>).map((d) => d.id)).toEqual([1, 2]);
    expect(snapshot('status')).toMatchObject({
      node: [
        { id: 1, cmc_on_off: 'off' },
        { id: 2, cmc_on_off: 'on' },
      ],
    });
  });
});
