import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import { closeSidecarPair, expectNothingBroadcast, openSidecarPair, SidecarPeer } from './peer.ts';

describe('sidecar request (§5.2, §10)', () => {
  let t: TestRig;
  let a: SidecarPeer;
  let observer: SidecarPeer;

  beforeEach(async () => {
    ({ t, a, observer } = await openSidecarPair());
  });
  afterEach(() => closeSidecarPair({ t, a, observer }));

  it('broadcasts the full dump without incremental to every client, then the request unchanged', async () => {
    t.rig.status.service.update(
      'node',
      [
        { id: 1, cmc_on_off: 'on' },
        { id: 2, cmc_on_off: 'off' },
      ],
      'test',
    );
    await observer.readRecords('nodes', 2);
    await a.readRecords('nodes', 2);
    // Odd spacing and key order: the echo must be the very text that was sent.
    const request = '{"message": "PLEASE",  "category":"nodes", "action": "request"}';
    a.send(request);
    for (const peer of [a, observer]) {
      expect(await peer.read()).toEqual({
        category: 'nodes',
        action: 'info',
        message: [
          { id: 1, cmc_on_off: 'on' },
          { id: 2, cmc_on_off: 'off' },
        ],
      });
      expect(await peer.readText()).toBe(request);
    }
  });

  it('dumps an empty list for a category that has no records yet', async () => {
    a.send({ category: 'pdus', action: 'request', message: 'please' });
    for (const peer of [a, observer]) {
      expect(await peer.read()).toEqual({ category: 'pdus', action: 'info', message: [] });
      expect(await peer.read()).toEqual({ category: 'pdus', action: 'request', message: 'please' });
    }
  });

  it('ignores a request without a message key', async () => {
    a.send({ category: 'phones', action: 'request' });
    await expectNothingBroadcast(a, [a, observer]);
    expect(a.open).toBe(true);
  });

  it.each(['/', '/foo/bar', '/?x=1'])('accepts a websocket on path %s', async (path) => {
    const peer = await SidecarPeer.connect(t.sidecarUrl!, path);
    await expectNothingBroadcast(peer, [peer, a, observer]);
    await peer.close();
  });

  it('answers plain HTTP on the sidecar port with 426 Upgrade Required', async () => {
    const response = await fetch(t.sidecarUrl!.replace('ws://', 'http://'));
    expect(response.status).toBe(426);
    expect(response.headers.get('upgrade')).toBe('websocket');
    await response.text();
  });
});
