import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { startRig, type TestRig } from '../helpers/rig.ts';

export type Frame = Record<string, unknown>;

/**
 * A sidecar client for tests that reads frames strictly in order: `read()` returns the very
 * next frame, so an unexpected frame fails the test instead of being skipped. Keeps the raw
 * text too, to check that echoes are byte-identical.
 */
export class SidecarPeer {
  readonly texts: string[] = [];
  private cursor = 0;
  private wake: (() => void) | undefined;
  /** Resolves with the close code once the connection is closed. */
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.texts.push(data.toString());
      this.wake?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
  }

  static async connect(url: string, path = '/', options?: WebSocket.ClientOptions): Promise<SidecarPeer> {
    const socket = new WebSocket(new URL(path, url), options);
    const peer = new SidecarPeer(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return peer;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends a string as it is, anything else as JSON. */
  send(value: unknown): void {
    this.socket.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** The raw text of the next frame, waiting for it. */
  async readText(what = 'a frame', timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.texts.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.texts[this.cursor++] as string;
  }

  /** The next frame, parsed. */
  async read(what?: string, timeoutMs?: number): Promise<Frame> {
    return JSON.parse(await this.readText(what, timeoutMs)) as Frame;
  }

  /**
   * Reads successive incremental `info` frames of a category until `count` records came
   * (Rig may batch records into one frame or spread them over several), and returns them.
   */
  async readRecords(category: string, count: number, timeoutMs?: number): Promise<Frame[]> {
    const records: Frame[] = [];
    while (records.length < count) {
      const frame = await this.read(`${count - records.length} more ${category} records`, timeoutMs);
      if (frame.category !== category || frame.action !== 'info' || frame.incremental !== true) {
        throw new Error(`expected an incremental ${category} info, got ${JSON.stringify(frame)}`);
      }
      records.push(...(frame.message as Frame[]));
    }
    if (records.length > count) throw new Error(`got ${records.length} records, expected ${count}`);
    return records;
  }

  /** Frames received and not read yet. */
  get unread(): number {
    return this.texts.length - this.cursor;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.socket.close();
    return this.closed.then(() => undefined);
  }
}

/**
 * Proves that what `sender` sent before produced no frame: the sender sends a phones
 * `request` with a unique token, and every peer's next two frames must be the phones dump
 * and that request's echo. A frame broadcast for the earlier input would come first, since
 * Rig handles one connection's frames in order and sends broadcasts in order.
 */
export async function expectNothingBroadcast(sender: SidecarPeer, peers: SidecarPeer[]): Promise<void> {
  const request = { category: 'phones', action: 'request', message: `sentinel-${randomUUID()}` };
  sender.send(request);
  for (const peer of peers) {
    const dump = await peer.read('the sentinel dump');
    if (dump.category !== 'phones' || 'incremental' in dump) {
      throw new Error(`expected nothing before the sentinel, got ${JSON.stringify(dump)}`);
    }
    const echo = await peer.read('the sentinel echo');
    if (JSON.stringify(echo) !== JSON.stringify(request)) {
      throw new Error(`expected the sentinel echo, got ${JSON.stringify(echo)}`);
    }
  }
}

/** Sends a `request` and returns the full dump that every peer receives (checking the echo). */
export async function requestDump(sender: SidecarPeer, category: string, peers = [sender]): Promise<Frame[]> {
  const request = { category, action: 'request', message: `please-${randomUUID()}` };
  sender.send(request);
  let records: Frame[] = [];
  for (const peer of peers) {
    const dump = await peer.read(`the ${category} dump`);
    if (dump.category !== category || dump.action !== 'info' || 'incremental' in dump) {
      throw new Error(`expected the ${category} dump, got ${JSON.stringify(dump)}`);
    }
    const echo = await peer.read(`the ${category} request echo`);
    if (JSON.stringify(echo) !== JSON.stringify(request)) {
      throw new Error(`expected the request echo, got ${JSON.stringify(echo)}`);
    }
    records = dump.message as Frame[];
  }
  return records;
}

/** Polls `check` until it returns true, failing with `what` after the deadline. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface SidecarPair {
  t: TestRig;
  /** The client that sends. */
  a: SidecarPeer;
  /** A second client, to see what everyone is sent. */
  observer: SidecarPeer;
}

/** A fresh Rig with its sidecar face and two connected clients. */
export async function openSidecarPair(): Promise<SidecarPair> {
  const t = await startRig({ sidecar: true });
  const a = await SidecarPeer.connect(t.sidecarUrl!);
  const observer = await SidecarPeer.connect(t.sidecarUrl!);
  return { t, a, observer };
}

export async function closeSidecarPair(pair: Partial<SidecarPair>): Promise<void> {
  await pair.a?.close();
  await pair.observer?.close();
  await pair.t?.destroy();
}
