import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { requestDump, SidecarPeer } from './peer.ts';
import { pausedPeer, statsOf } from './stuck-client.ts';

const maxBufferedBytes = 64 * 1024;
const blob = 'x'.repeat(16_000);

describe('sidecar clients that owe too many dumps (§11.10)', () => {
  let t: TestRig;
  let observer: SidecarPeer;

  beforeEach(async () => {
    // No pings during the test: a paused client would miss its pongs and be closed.
    t = await startRig({
      sidecar: true,
      config: { sidecar: { maxBufferedBytes, pingIntervalSeconds: 600 } },
    });
    observer = await SidecarPeer.connect(t.sidecarUrl!);
    const nodes = Array.from({ length: 20 }, (_, id) => ({ id, blob }));
    t.rig.status.service.update('node', nodes, 'test');
    await observer.readRecords('nodes', nodes.length);
  });
  afterEach(async () => {
    await observer?.close();
    await t?.destroy();
  });

  it('closes a stuck client once it owes too many dumps and echoes, and only that one', async () => {
    const stuck = await pausedPeer(t);
    const bystander = await SidecarPeer.connect(t.sidecarUrl!);
    let requests = 0;
    let mostOwed = 0;
    // Each request sends a 320 kB dump and an echo to everyone; the observer and the
    // bystander read each one, the stuck client owes them until the server gives up on it.
    while (statsOf(t, stuck.port) && requests < 1000) {
      const dump = await requestDump(observer, 'nodes', [observer, bystander]);
      expect(dump).toHaveLength(20);
      requests++;
      mostOwed = Math.max(mostOwed, statsOf(t, stuck.port)?.owedFrames ?? 0);
    }
    expect(statsOf(t, stuck.port), 'the stuck client was closed').toBeUndefined();
    expect(mostOwed).toBeGreaterThan(0);
    expect(mostOwed).toBeLessThanOrEqual(256);
    expect(observer.open && bystander.open).toBe(true);
    expect(t.rig.sidecar?.server.clientCount).toBe(2);
    stuck.resume();
    expect(await stuck.peer.closed).toBe(1006);
    await bystander.close();
  });

  it('sends a resumed client every dump and echo it owed, never buffering them all at once', async () => {
    const stuck = await pausedPeer(t);
    const echoes: unknown[] = [];
    while (statsOf(t, stuck.port)!.owedFrames < 100) {
      const request = { category: 'nodes', action: 'request', message: `n${echoes.length}` };
      observer.send(request);
      await observer.read('a dump');
      expect(await observer.read('an echo')).toEqual(request);
      echoes.push(request);
    }
    const dumpBytes = 20 * blob.length;
    stuck.resume();
    // What the server buffers for it stays under the limit plus about one dump at all times.
    let most = 0;
    while (stuck.peer.texts.length < 2 * echoes.length) {
      most = Math.max(most, statsOf(t, stuck.port)?.bufferedAmount ?? 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(most).toBeLessThan(maxBufferedBytes + 2 * dumpBytes);
    // It got each dump and echo, in order.
    for (const echo of echoes) {
      const dump = await stuck.peer.read('an owed dump');
      expect([dump.category, dump.action, 'incremental' in dump]).toEqual(['nodes', 'info', false]);
      expect(dump.message).toHaveLength(20);
      expect(await stuck.peer.read('an owed echo')).toEqual(echo);
    }
    expect(stuck.peer.unread).toBe(0);
  });
});
