import type { WebSocket } from 'ws';
import type { Principal } from '../http/access.ts';
import { CLOSE_SLOW_CONSUMER, type ServerMessage } from './protocol.ts';

export interface ClientLimits {
  /** Unsent bytes past which the client is closed with 4008. */
  maxBufferedBytes: number;
  /** How long a closing peer has to complete the handshake before it is cut off. */
  closeGraceMs: number;
}

/**
 * One connection of /api/v1/events: what it follows, how far it has been sent, and a
 * bounded send buffer. Sending never waits: a peer that does not read is closed instead,
 * and resumes with `since`, losing nothing.
 */
export class EventsClient {
  private followed = new Set<string>();
  /** The followed topics as one string, so that clients in the same position share frames. */
  topicsKey = '';
  /** Highest sequence number this client has been brought to (by snapshots or events). */
  sentSeq = 0;
  /** Heartbeat pings sent since the peer's last pong. */
  unanswered = 0;
  private closing = false;
  private served = true;
  /** Who connected; its credentials being revoked ends the connection. */
  principal: Principal | undefined;

  constructor(
    readonly socket: WebSocket,
    private readonly limits: ClientLimits,
    /** Called once when the client stops being served (closed by either side). */
    private readonly onGone: (client: EventsClient) => void,
  ) {
    socket.on('pong', () => {
      this.unanswered = 0;
    });
    socket.once('close', () => this.gone());
    socket.on('error', () => this.gone());
  }

  get topics(): ReadonlySet<string> {
    return this.followed;
  }

  set topics(topics: Iterable<string>) {
    this.followed = new Set(topics);
    this.topicsKey = [...this.followed].sort().join(',');
  }

  get open(): boolean {
    return !this.closing && this.socket.readyState === this.socket.OPEN;
  }

  send(message: ServerMessage): boolean {
    return this.sendRaw(JSON.stringify(message));
  }

  /** Queues a frame; false when the client is closed, or has just been closed as too slow. */
  sendRaw(frame: string): boolean {
    if (!this.open) return false;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE_SLOW_CONSUMER, 'slow consumer: reconnect with since and epoch');
      return false;
    }
    this.socket.send(frame);
    return true;
  }

  /**
   * Starts the closing handshake. A peer that reads nothing never sees the close frame: it
   * is cut off after the grace period (a paused peer that wakes up in time still gets it).
   */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.gone();
    this.socket.close(code, reason);
    const timer = setTimeout(() => this.socket.terminate(), this.limits.closeGraceMs);
    timer.unref?.();
    this.socket.once('close', () => clearTimeout(timer));
  }

  /** Cuts the connection without a closing handshake (a peer that stopped answering). */
  terminate(): void {
    this.closing = true;
    this.gone();
    this.socket.terminate();
  }

  /** Resolves once the socket is closed, or after `ms`, whichever comes first. */
  closed(ms: number): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private gone(): void {
    if (!this.served) return;
    this.served = false;
    this.onGone(this);
  }
}
