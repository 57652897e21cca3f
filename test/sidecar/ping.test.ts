import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { requestDump, SidecarPeer, waitUntil } from './peer.ts';

describe('sidecar ping/pong (§2)', () => {
  let t: TestRig;
  const peers: SidecarPeer[] = [];

  beforeEach(async () => {
    t = await startRig({ sidecar: true, config: { sidecar: { pingIntervalSeconds: 0.2 } } });
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.close();
    await t?.destroy();
  });

  const connect = async (options?: { autoPong: boolean }) => {
    const peer = await SidecarPeer.connect(t.sidecarUrl!, '/', options);
    peers.push(peer);
    let pings = 0;
    peer.socket.on('ping', () => pings++);
    return { peer, pings: () => pings };
  };

  it('pings clients and closes one that never answers with a pong', async () => {
    const mute = await connect({ autoPong: false });
    const normal = await connect();
    // The mute client still reads (it sees the pings); it only never answers them.
    const code = await mute.peer.closed;
    expect(mute.pings()).toBeGreaterThan(0);
    expect(code).toBe(1006);
    expect(normal.peer.open).toBe(true);
  });

  it('answers the pings of a client', async () => {
    const { peer } = await connect();
    const pong = new Promise<string>((resolve) =>
      peer.socket.once('pong', (data) => resolve(data.toString())),
    );
    peer.socket.ping('are you there');
    expect(await pong).toBe('are you there');
  });

  it('keeps a client that answers pings connected and served', async () => {
    const normal = await connect();
    await waitUntil(() => normal.pings() >= 5, 'five pings came');
    expect(normal.peer.open).toBe(true);
    expect(t.rig.sidecar?.server.clientCount).toBe(1);
    normal.peer.send({ category: 'nodes', action: 'info', message: [{ id: 1, available: 'ok' }] });
    expect(await normal.peer.readRecords('nodes', 1)).toEqual([{ id: 1, available: 'ok' }]);
    expect(await requestDump(normal.peer, 'nodes')).toEqual([{ id: 1, available: 'ok' }]);
  });
});
