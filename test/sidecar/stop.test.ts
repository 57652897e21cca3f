import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startRig } from '../helpers/rig.ts';
import { SidecarPeer } from './peer.ts';
import { neverReadingSocket } from './stuck-client.ts';

describe('sidecar shutdown', () => {
  it('closes clients with 1001 and stops despite clients that never read or never speak', async () => {
    const t = await startRig({ sidecar: true });
    try {
      const peer = await SidecarPeer.connect(t.sidecarUrl!);
      const raw = await neverReadingSocket(t);
      const url = new URL(t.sidecarUrl!);
      // A TCP connection that never sends its HTTP request.
      const silent = net.connect(Number(url.port), url.hostname);
      await new Promise((resolve) => silent.once('connect', resolve));
      silent.on('error', () => {});
      raw.socket.on('error', () => {});
      await t.stop();
      expect(await peer.closed).toBe(1001);
      silent.destroy();
      raw.socket.destroy();
    } finally {
      await t.destroy();
    }
  });
});
