import WebSocket from 'ws';

/**
 * A websocket test client that records every JSON frame and waits for the one a test
 * expects, with a timeout that names what was awaited.
 */
export class WsProbe {
  readonly frames: unknown[] = [];
  private waiters: Array<{ match: (f: unknown) => boolean; resolve: (f: unknown) => void }> = [];
  private cursor = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        frame = data.toString();
      }
      this.frames.push(frame);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(frame)) {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(frame);
        }
      }
    });
  }

  static async connect(url: string, options?: WebSocket.ClientOptions): Promise<WsProbe> {
    const socket = new WebSocket(url, options);
    const probe = new WsProbe(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return probe;
  }

  send(value: unknown): void {
    this.socket.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** The next frame (after the previous `next`) that matches, waiting for it if needed. */
  async next<T = Record<string, unknown>>(
    match: (frame: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 5000,
    what = 'a matching frame',
  ): Promise<T> {
    const test = (f: unknown) => typeof f === 'object' && f !== null && match(f as Record<string, unknown>);
    for (; this.cursor < this.frames.length; this.cursor++) {
      const frame = this.frames[this.cursor];
      if (test(frame)) {
        this.cursor++;
        return frame as T;
      }
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = (frame: unknown) => {
        clearTimeout(timer);
        this.cursor = this.frames.length;
        resolve(frame as T);
      };
      this.waiters.push({ match: test, resolve: done });
    });
  }

  /** Waits `ms` and returns the frames received meanwhile (to prove that nothing came). */
  async quiet(ms: number): Promise<unknown[]> {
    const start = this.frames.length;
    await new Promise((r) => setTimeout(r, ms));
    return this.frames.slice(start);
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
