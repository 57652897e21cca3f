import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import net from 'node:net';
import type { SidecarClientStats } from '../../src/sidecar/client.ts';
import type { TestRig } from '../helpers/rig.ts';
import { type Frame, SidecarPeer, waitUntil } from './peer.ts';

/** The server's figures for the client whose local port is `port`, if still connected. */
export function statsOf(t: TestRig, port: number | undefined): SidecarClientStats | undefined {
  return t.rig.sidecar?.server.clientStats().find((s) => s.port === port);
}

/** A `ws` client whose TCP socket stops reading until `resume()`. */
export async function pausedPeer(t: TestRig): Promise<{ peer: SidecarPeer; port: number; resume(): void }> {
  const peer = await SidecarPeer.connect(t.sidecarUrl!);
  const tcp = (peer.socket as unknown as { _socket: Socket })._socket;
  tcp.pause();
  const port = tcp.localPort!;
  await waitUntil(() => statsOf(t, port) !== undefined, 'the server knows the paused client');
  return { peer, port, resume: () => tcp.resume() };
}

/**
 * A raw TCP client that sends a websocket handshake by hand and then never reads a byte
 * (not even the 101 answer), like a monitor that never reads its socket.
 */
export async function neverReadingSocket(t: TestRig): Promise<{ socket: Socket; port: number }> {
  const url = new URL(t.sidecarUrl!);
  const socket = net.connect(Number(url.port), url.hostname);
  socket.pause();
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    'GET / HTTP/1.1\r\nHost: sidecar\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const port = socket.localPort!;
  await waitUntil(() => statsOf(t, port) !== undefined, 'the server accepted the raw client');
  return { socket, port };
}

/** What a client that merges every `info` of a category by id (as R2lab's clients do) believes. */
export class BelievedState {
  readonly records = new Map<string, Frame>();
  /** Records received, intermediate values included. */
  received = 0;
  private seen = 0;

  constructor(private readonly category: string) {}

  /** Folds in the frames received since the last call. */
  update(texts: readonly string[]): Map<string, Frame> {
    for (; this.seen < texts.length; this.seen++) {
      const frame = JSON.parse(texts[this.seen]!) as Frame;
      if (frame.category !== this.category || frame.action !== 'info') continue;
      for (const record of frame.message as Frame[]) {
        this.records.set(JSON.stringify(record.id), record);
        this.received++;
      }
    }
    return this.records;
  }
}
