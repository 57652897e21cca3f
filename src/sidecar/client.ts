import type { WebSocket } from 'ws';
import type { Principal } from '../http/access.ts';
import type { StatusCategory } from './protocol.ts';

/** What a lagging client still has to receive, kept small: ids, not records. */
export interface Backlog {
  /** Ids (JSON text) whose current record the client must get, per category. */
  dirty: Map<StatusCategory, Set<string>>;
  /** Dumps and echoes, in order; a dump is rebuilt from the current state when sent. */
  queue: Array<{ dump: StatusCategory | 'leases' } | { frame: string }>;
}

/** What the server holds for one client (diagnostics; the tests check it stays bounded). */
export interface SidecarClientStats {
  address: string;
  port: number | undefined;
  /** Bytes handed to the socket and not yet sent. */
  bufferedAmount: number;
  lagging: boolean;
  /** Ids whose current record it is owed. */
  owedIds: number;
  /** Dumps and echoes it is owed. */
  owedFrames: number;
  /** Its writes need no token (a trusted address, or authentication off). */
  trusted: boolean;
  /** `info` and `delete` frames it sent that were ignored: no right to write. */
  deniedWrites: number;
}

/** Who is at the other end: where from, and the token its handshake carried. */
export interface SidecarPeerInfo {
  address: string;
  port: number | undefined;
  trusted: boolean;
  token: string | undefined;
  /** The token's principal at the handshake (each write checks the token again). */
  principal: Principal | undefined;
}

/** One connection to the sidecar face. */
export class SidecarClient {
  alive = true;
  backlog: Backlog | undefined;
  deniedWrites = 0;
  /** Frames waiting for a token check; they are handled in order, after it. */
  queued = 0;
  pending: Promise<void> | undefined;
  principal: Principal | undefined;
  readonly address: string;
  readonly port: number | undefined;
  readonly trusted: boolean;
  readonly token: string | undefined;

  constructor(
    readonly socket: WebSocket,
    peer: SidecarPeerInfo,
  ) {
    this.address = peer.address;
    this.port = peer.port;
    this.trusted = peer.trusted;
    this.token = peer.token;
    this.principal = peer.principal;
  }

  get lagging(): boolean {
    return this.backlog !== undefined;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  startLagging(): Backlog {
    this.backlog ??= { dirty: new Map(), queue: [] };
    return this.backlog;
  }

  stats(): SidecarClientStats {
    let owedIds = 0;
    for (const ids of this.backlog?.dirty.values() ?? []) owedIds += ids.size;
    return {
      address: this.address,
      port: this.port,
      bufferedAmount: this.socket.bufferedAmount,
      lagging: this.lagging,
      owedIds,
      owedFrames: this.backlog?.queue.length ?? 0,
      trusted: this.trusted,
      deniedWrites: this.deniedWrites,
    };
  }
}
