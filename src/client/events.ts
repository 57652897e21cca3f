import WebSocket from 'ws';
import type { ServerMessage } from '../events/index.ts';
import { coerceError } from '../lib/errors.ts';
import { RigClientError, unreachable } from './errors.ts';
import { parseServerUrl } from './http.ts';

type HelloMessage = Extract<ServerMessage, { type: 'hello' }>;
export type ServerEvent = Extract<ServerMessage, { type: 'events' }>['events'][number];

/** What the client yields, in order: a hello per connection, snapshots, then events. */
export type EventsItem =
  | ({ kind: 'hello' } & Omit<HelloMessage, 'type'>)
  | { kind: 'snapshot'; topic: string; seq: number; data: unknown }
  | ({ kind: 'event' } & ServerEvent);

export interface DisconnectInfo {
  code: number;
  reason: string;
  /** When the next attempt is made. */
  retryInMs: number;
}

export interface EventsClientOptions {
  /** Base URL of the server (`http://host:port`). */
  server: string;
  /** An API token, sent as `Authorization: Bearer` on each connection. */
  token?: string | undefined;
  /** Restates a failure to connect before it is reported (see RigClientOptions.mapError). */
  mapError?: ((error: RigClientError) => Error) | undefined;
  /** Topics to follow (default: all). */
  topics?: string[];
  /** Delay before reconnect attempt `attempt` (1, 2, …); default 250 ms doubling to 10 s, jittered. */
  reconnectDelay?: (attempt: number) => number;
  /** A connection silent for this long is presumed dead and replaced (default 45 s). */
  idleTimeoutMs?: number;
  onItem?: (item: EventsItem) => void;
  /** An established connection dropped; the client reconnects and resumes by itself. */
  onDisconnect?: (info: DisconnectInfo) => void;
  /** An `error` frame from the server, or a failed reconnect attempt. */
  onError?: (error: Error) => void;
  /** The client stopped by itself: the server refused its credentials (401/403). */
  onGiveUp?: (error: Error) => void;
}

export const defaultReconnectDelay = (attempt: number): number => {
  const base = Math.min(10_000, 250 * 2 ** Math.min(attempt - 1, 6));
  return Math.round(base * (0.75 + Math.random() * 0.5));
};

/**
 * A client of /api/v1/events. It keeps the last sequence number and epoch it saw, and after
 * any close (server restart, code 4008 "slow consumer", network) reconnects with backoff and
 * resumes with `since`: no event is missed or repeated. When resuming is impossible (another
 * epoch, too far behind), the server sends snapshots again and the client passes them on.
 */
export class EventsClient {
  /** Sequence number of the last event (or snapshot) received. */
  lastSeq: number | undefined;
  epoch: string | undefined;
  private readonly server: string;
  private socket: WebSocket | undefined;
  private closed = false;
  private attempt = 0;
  private lastFrameAt = 0;
  private timers = new Set<NodeJS.Timeout>();
  private idleTimer: NodeJS.Timeout | undefined;
  private queue: EventsItem[] | undefined;
  private wake: (() => void) | undefined;
  /** connect()'s promise, until the first hello settles it. */
  private first: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(private readonly options: EventsClientOptions) {
    this.server = parseServerUrl(options.server);
  }

  /**
   * Opens the first connection; resolves on the server's hello. If that first attempt
   * fails, it rejects with a RigClientError and the client stays closed; later drops are
   * retried forever until close().
   */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.first = { resolve, reject };
      this.open(this.first);
    });
  }

  /** The items as an async iterator; ends after close(). Items are buffered from the first call on. */
  async *items(): AsyncGenerator<EventsItem> {
    this.queue ??= [];
    for (;;) {
      const item = this.queue.shift();
      if (item) yield item;
      else if (this.closed) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.first?.reject(new Error('the events client was closed before the server answered'));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    clearInterval(this.idleTimer);
    this.wakeUp();
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      const force = setTimeout(() => socket.terminate(), 1000);
      force.unref();
      socket.close(1000, 'client closing');
    });
  }

  private socketUrl(): string {
    const url = new URL(`${this.server.replace(/^http/, 'ws')}/api/v1/events`);
    if (this.options.topics?.length) url.searchParams.set('topics', this.options.topics.join(','));
    if (this.lastSeq !== undefined && this.epoch !== undefined) {
      url.searchParams.set('since', String(this.lastSeq));
      url.searchParams.set('epoch', this.epoch);
    }
    return url.toString();
  }

  private open(first?: { resolve: () => void; reject: (error: Error) => void }): void {
    const { token } = this.options;
    const socket = new WebSocket(this.socketUrl(), {
      handshakeTimeout: 10_000,
      ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
    });
    this.socket = socket;
    let failure: Error | undefined;
    let refused = false;
    let greeted = false;
    socket.on('error', (error) => {
      failure = this.describe(error);
      // Credentials refused: retrying with the same ones cannot help.
      refused = /Unexpected server response: 40[13]\b/.test(error.message);
    });
    socket.on('open', () => {
      this.lastFrameAt = Date.now();
      this.watchIdle(socket);
    });
    socket.on('message', (data, isBinary) => {
      this.lastFrameAt = Date.now();
      if (isBinary) return;
      const hello = this.receive(data.toString());
      if (hello && !greeted) {
        greeted = true;
        this.attempt = 0;
        first?.resolve();
        this.first = undefined;
      }
    });
    socket.on('close', (code, reason) => {
      clearInterval(this.idleTimer);
      if (this.socket === socket) this.socket = undefined;
      if (this.closed) return;
      if (first && !greeted) {
        this.closed = true;
        this.wakeUp();
        first.reject(failure ?? unreachable(this.server, new Error(`closed with code ${code}`)));
        this.first = undefined;
        return;
      }
      if (refused && failure) {
        this.closed = true;
        this.wakeUp();
        this.options.onGiveUp?.(failure);
        return;
      }
      const retryInMs = (this.options.reconnectDelay ?? defaultReconnectDelay)(++this.attempt);
      if (greeted) this.options.onDisconnect?.({ code, reason: reason.toString(), retryInMs });
      else if (failure) this.options.onError?.(failure);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.closed) this.open();
      }, retryInMs);
      this.timers.add(timer);
    });
  }

  /** Pings when quiet; a connection silent past the limit is dropped (and so replaced). */
  private watchIdle(socket: WebSocket): void {
    const limit = this.options.idleTimeoutMs ?? 45_000;
    clearInterval(this.idleTimer);
    this.idleTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > limit) socket.terminate();
      else if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
    }, limit / 3);
    this.idleTimer.unref();
  }

  /** Handles one server frame; true for a hello. */
  private receive(text: string): boolean {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return false;
    }
    switch (message.type) {
      case 'hello': {
        this.epoch = message.epoch;
        // Not resumed: snapshots at `seq` follow and replace whatever came before.
        if (!message.resumed) this.lastSeq = message.seq;
        const { type: _type, ...hello } = message;
        this.emit({ kind: 'hello', ...hello });
        return true;
      }
      case 'snapshot':
        this.lastSeq = message.seq;
        this.emit({ kind: 'snapshot', topic: message.topic, seq: message.seq, data: message.data });
        return false;
      case 'events':
        for (const event of message.events) {
          // A resume may overlap what was already seen: never hand an event out twice.
          if (this.lastSeq !== undefined && event.seq <= this.lastSeq) continue;
          this.lastSeq = event.seq;
          this.emit({ kind: 'event', ...event });
        }
        // The frame's seq also covers events of topics this client does not follow.
        this.advance(message.seq);
        return false;
      case 'heartbeat':
        // The server brings every client to the head before a heartbeat.
        if (message.epoch === this.epoch) this.advance(message.seq);
        return false;
      case 'subscribed':
        this.advance(message.seq);
        return false;
      case 'error':
        this.options.onError?.(
          new RigClientError({
            kind: 'rejected',
            code: message.error.code,
            message: message.error.message,
            url: this.server,
          }),
        );
        return false;
      default:
        return false;
    }
  }

  private advance(seq: number | undefined): void {
    if (typeof seq === 'number' && (this.lastSeq === undefined || seq > this.lastSeq)) this.lastSeq = seq;
  }

  private emit(item: EventsItem): void {
    try {
      this.options.onItem?.(item);
    } catch (error) {
      this.options.onError?.(coerceError(error));
    }
    if (this.queue) {
      this.queue.push(item);
      this.wakeUp();
    }
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** A websocket failure as a RigClientError: refused by the server (HTTP status) or unreachable. */
  private describe(error: Error): Error {
    const status = /Unexpected server response: (\d{3})/.exec(error.message)?.[1];
    const mapError = this.options.mapError ?? ((e: RigClientError) => e);
    if (!status) return mapError(unreachable(this.server, error, 10_000));
    return mapError(
      new RigClientError({
        kind: Number(status) < 500 ? 'rejected' : 'failed',
        code: `HTTP_${status}`,
        message: `${this.server}/api/v1/events refused the websocket: HTTP ${status}`,
        url: this.server,
        status: Number(status),
      }),
    );
  }
}
