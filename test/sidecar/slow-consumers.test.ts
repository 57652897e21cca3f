import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { SidecarPeer, waitUntil } from './peer.ts';
import { BelievedState, neverReadingSocket, pausedPeer, statsOf } from './stuck-client.ts';

const maxBufferedBytes = 1 << 20;
const updates = 2000;
const ids = 50;
const wave = 20;
const blob = 'x'.repeat(16_000);

describe('sidecar slow consumers (§5.7, §11.10)', () => {
  let t: TestRig;
  let writer: SidecarPeer;
  let observer: SidecarPeer;

  beforeEach(async () => {
    // No pings during the test: a paused client would miss its pongs and be closed.
    t = await startRig({
      sidecar: true,
      config: { sidecar: { maxBufferedBytes, pingIntervalSeconds: 600 } },
    });
    writer = await SidecarPeer.connect(t.sidecarUrl!);
    observer = await SidecarPeer.connect(t.sidecarUrl!);
  });
  afterEach(async () => {
    await writer?.close();
    await observer?.close();
    await t?.destroy();
  });

  it('keeps serving readers while clients never read, in bounded memory, then catches them up', async () => {
    const paused = await pausedPeer(t);
    const raw = await neverReadingSocket(t);
    // 2,000 updates of 16 kB records (32 MB) over 50 ids, in waves the observer must
    // receive whole and in order before the next wave goes: the stuck clients never hold it up.
    for (let start = 0; start < updates; start += wave) {
      const seqs: number[] = [];
      for (let seq = start; seq < start + wave; seq++) {
        writer.send({ category: 'nodes', action: 'info', message: [{ id: seq % ids, seq, blob }] });
        seqs.push(seq);
      }
      const records = await observer.readRecords('nodes', wave);
      expect(records.map((r) => r.seq)).toEqual(seqs);
      expect(records.map((r) => r.id)).toEqual(seqs.map((seq) => seq % ids));
    }
    // The stuck clients lag: what the server holds for each is bounded by the limit plus
    // one batch, and their backlog holds at most one id per record, not frames.
    for (const port of [paused.port, raw.port]) {
      const stats = statsOf(t, port);
      expect(stats, 'a stuck client is still connected').toBeDefined();
      expect(stats!.lagging).toBe(true);
      expect(stats!.bufferedAmount).toBeGreaterThan(maxBufferedBytes / 2);
      expect(stats!.bufferedAmount).toBeLessThan(maxBufferedBytes + 2 * wave * blob.length);
      expect(stats!.owedIds).toBeGreaterThan(0);
      expect(stats!.owedIds).toBeLessThanOrEqual(ids);
      expect(stats!.owedFrames).toBe(0);
    }

    // Once it reads again, the paused client ends up with the current record of every id.
    paused.resume();
    const current = new Map(t.rig.status.service.list('node').map((r) => [JSON.stringify(r.id), r]));
    expect(current.size).toBe(ids);
    const believed = new BelievedState('nodes');
    await waitUntil(
      () => isDeepStrictEqual(believed.update(paused.peer.texts), current),
      'the resumed client holds the current state',
    );
    // It got the current records instead of every intermediate one (coalesced per id).
    expect(believed.received).toBeLessThan(updates);
    await waitUntil(() => statsOf(t, paused.port)?.lagging === false, 'the resumed client is served live');
    writer.send({ category: 'nodes', action: 'info', message: [{ id: 0, seq: -1 }] });
    await waitUntil(
      () => believed.update(paused.peer.texts).get('0')?.seq === -1,
      'the resumed client gets a new update',
    );

    raw.socket.destroy();
    await paused.peer.close();
    await waitUntil(() => t.rig.sidecar?.server.clientCount === 2, 'the stuck clients are gone');
  }, 90_000);
});
