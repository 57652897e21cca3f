import type { WebSocket } from 'ws';
import type { StatusCategory } from './protocol.ts';

/** What a lagging client still has to receive, kept small: ids, not records. */
export interface Backlog {
  /** Ids (JSON text) whose current record the client must get, per category. */
  dirty: Map<StatusCategory, Set<string>>;
  /** Dumps and echoes, in order; a dump is rebuilt from the current state when sent. */
  queue: Array<{ dump: StatusCategory | 'leases' } | { frame: string }>;
}

/** One connection to the sidecar face. */
export class SidecarClient {
  alive = true;
  backlog: Backlog | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly address: string,
  ) {}

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
}
