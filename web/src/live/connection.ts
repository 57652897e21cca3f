import type { ServerMessage } from './types.ts';

export type ConnectionState =
  | { phase: 'connecting' }
  | { phase: 'live'; since: number }
  | { phase: 'reconnecting'; attempt: number; retryAt: number | undefined; reason: string }
  | { phase: 'stopped' };

export interface ConnectionHandlers {
  frame(message: ServerMessage): void;
  state(state: ConnectionState): void;
}

export interface ConnectionOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** An application ping proves the link alive even when the network drops silently. */
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

const defaults: ConnectionOptions = {
  minDelayMs: 500,
  maxDelayMs: 10_000,
  pingIntervalMs: 20_000,
  pongTimeoutMs: 10_000,
};

/** Close code of a client that fell behind; it resumes at once (src/events/protocol.ts). */
const CLOSE_SLOW_CONSUMER = 4008;

/**
 * The dashboard's link to /api/v1/events: reconnects with exponential backoff and resumes
 * from the last sequence number it saw (`since` + `epoch`); the server answers with the
 * missed events, or with fresh snapshots when it cannot (restart, backlog passed).
 */
export class EventsConnection {
  private socket: WebSocket | undefined;
  private epoch: string | undefined;
  private lastSeq: number | undefined;
  private attempt = 0;
  private everLive = false;
  private pendingSnapshots = new Set<string>();
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private pongTimer: number | undefined;
  private stopped = true;
  private lastReason = '';
  private readonly options: ConnectionOptions;

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
    options: Partial<ConnectionOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.retryNow);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.retryNow);
    this.detach()?.close(1000, 'dashboard closed');
    window.clearTimeout(this.retryTimer);
    this.handlers.state({ phase: 'stopped' });
  }

  /** Skips the backoff wait (a "retry now" button, the browser coming back online). */
  readonly retryNow = (): void => {
    if (this.stopped || this.socket) return;
    window.clearTimeout(this.retryTimer);
    this.open();
  };

  private connectUrl(): string {
    const url = new URL(this.url);
    if (this.epoch !== undefined && this.lastSeq !== undefined) {
      url.searchParams.set('since', String(this.lastSeq));
      url.searchParams.set('epoch', this.epoch);
    }
    return url.toString();
  }

  private open(): void {
    this.retryTimer = undefined;
    if (!this.everLive) this.handlers.state({ phase: 'connecting' });
    else
      this.handlers.state({
        phase: 'reconnecting',
        attempt: this.attempt,
        retryAt: undefined,
        reason: this.lastReason,
      });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.connectUrl());
    } catch (error) {
      this.scheduleReconnect(error instanceof Error ? error.message : String(error));
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.startPings();
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => {
      this.detach();
      const reason = event.reason || (event.code === 1006 ? 'connection lost' : `closed (${event.code})`);
      this.scheduleReconnect(reason, event.code === CLOSE_SLOW_CONSUMER);
    };
  }

  private receive(data: unknown): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    this.alive();
    switch (message.type) {
      case 'hello':
        this.epoch = message.epoch;
        if (!message.resumed) this.lastSeq = message.seq;
        this.pendingSnapshots = new Set(message.resumed ? [] : message.topics);
        break;
      case 'snapshot':
        this.lastSeq = message.seq;
        this.pendingSnapshots.delete(message.topic);
        break;
      case 'events':
        // The frame's seq is the position reached, past events of topics not followed.
        this.lastSeq = message.seq;
        break;
      case 'subscribed':
        this.lastSeq = message.seq;
        break;
      case 'error':
        console.warn('rig events:', message.error.message);
        break;
    }
    this.handlers.frame(message);
    // Live once every snapshot of this connection has arrived: the page is then current.
    if ((message.type === 'hello' || message.type === 'snapshot') && this.pendingSnapshots.size === 0) {
      this.attempt = 0;
      this.everLive = true;
      this.handlers.state({ phase: 'live', since: Date.now() });
    }
  }

  private scheduleReconnect(reason: string, immediately = false): void {
    if (this.stopped) return;
    this.attempt++;
    const base = Math.min(this.options.maxDelayMs, this.options.minDelayMs * 2 ** (this.attempt - 1));
    const delay = immediately ? 0 : Math.round(base * (0.8 + Math.random() * 0.4));
    this.everLive = true;
    this.lastReason = reason;
    this.handlers.state({
      phase: 'reconnecting',
      attempt: this.attempt,
      retryAt: Date.now() + delay,
      reason,
    });
    this.retryTimer = window.setTimeout(() => this.open(), delay);
  }

  private startPings(): void {
    window.clearInterval(this.pingTimer);
    this.pingTimer = window.setInterval(() => {
      this.socket?.send(JSON.stringify({ type: 'ping' }));
      if (this.pongTimer === undefined)
        this.pongTimer = window.setTimeout(
          () => this.drop('no answer from the server'),
          this.options.pongTimeoutMs,
        );
    }, this.options.pingIntervalMs);
  }

  /** Any frame proves the link alive. */
  private alive(): void {
    window.clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  /** Gives up on a silent socket without waiting for a closing handshake that may never come. */
  private drop(reason: string): void {
    this.detach()?.close(4000, reason);
    this.scheduleReconnect(reason);
  }

  private detach(): WebSocket | undefined {
    const socket = this.socket;
    this.socket = undefined;
    window.clearInterval(this.pingTimer);
    this.alive();
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
    }
    return socket;
  }
}
