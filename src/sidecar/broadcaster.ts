import { idKey } from '../lib/device-ref.ts';
import type { StatusRecord } from '../status/index.ts';
import type { SidecarClient } from './client.ts';
import type { StatusCategory } from './protocol.ts';

export interface BroadcasterOptions {
  /** Unsent bytes past which a client stops getting frames and gets a coalesced backlog. */
  maxBufferedBytes: number;
  /** Dumps and echoes a lagging client may owe before it is closed instead. */
  maxQueuedFrames: number;
}

/** Reads the current state, to rebuild what a lagging client missed. */
export interface CurrentState {
  list(category: StatusCategory): StatusRecord[];
  get(category: StatusCategory, key: string): StatusRecord | undefined;
  leases(): unknown[];
}

/**
 * Fan-out of the sidecar face. Changes of one event-loop turn are sent as one `info`
 * frame per category, serialised once for all clients: R2lab's `message` is a list and
 * its clients merge several records. Frames go out in order. A client that stops reading
 * (bufferedAmount past the limit) is never waited for: from then on it owes only the ids
 * that changed, whose current records it gets once it drains — so it ends up with the
 * same state as everyone, in bounded memory, and never slows the others.
 */
export class Broadcaster {
  private readonly pending = new Map<StatusCategory, StatusRecord[]>();
  private scheduled = false;

  constructor(
    private readonly clients: () => Iterable<SidecarClient>,
    private readonly state: CurrentState,
    private readonly options: BroadcasterOptions,
  ) {}

  /** Queues changed records for this turn's incremental frame. */
  changed(category: StatusCategory, records: readonly StatusRecord[]): void {
    let list = this.pending.get(category);
    if (!list) {
      list = [];
      this.pending.set(category, list);
    }
    for (const record of records) list.push(record);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends this turn's incremental frames now (before a dump or an echo, to keep order). */
  flush(): void {
    this.scheduled = false;
    if (!this.pending.size) return;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [category, records] of batches) {
      const frame = JSON.stringify({ category, action: 'info', message: records, incremental: true });
      for (const client of this.clients()) {
        if (!client.open) continue;
        if (!client.lagging && this.fits(client)) {
          client.socket.send(frame);
          continue;
        }
        const backlog = client.startLagging();
        let dirty = backlog.dirty.get(category);
        if (!dirty) {
          dirty = new Set();
          backlog.dirty.set(category, dirty);
        }
        for (const record of records) dirty.add(idKey(record.id));
      }
    }
  }

  /** Sends a full dump of a category to everyone (no `incremental` key). */
  dump(category: StatusCategory | 'leases'): void {
    this.flush();
    const frame = this.dumpFrame(category);
    for (const client of this.clients()) this.sendOrQueue(client, frame, { dump: category });
  }

  /** Sends a frame as is to everyone (a request's echo, a leases info). */
  broadcast(frame: string): void {
    this.flush();
    for (const client of this.clients()) this.sendOrQueue(client, frame, { frame });
  }

  /** Sends what lagging clients owe, to those that have drained. */
  drain(): void {
    for (const client of this.clients()) {
      const backlog = client.backlog;
      if (!backlog || !client.open) continue;
      if (client.socket.bufferedAmount > this.options.maxBufferedBytes / 2) continue;
      client.backlog = undefined;
      for (const [category, keys] of backlog.dirty) {
        const records = [...keys].map((key) => this.state.get(category, key)).filter((r) => r !== undefined);
        if (records.length) {
          client.socket.send(
            JSON.stringify({ category, action: 'info', message: records, incremental: true }),
          );
        }
      }
      for (const item of backlog.queue) {
        client.socket.send('dump' in item ? this.dumpFrame(item.dump) : item.frame);
      }
    }
  }

  private dumpFrame(category: StatusCategory | 'leases'): string {
    const message = category === 'leases' ? this.state.leases() : this.state.list(category);
    return JSON.stringify({ category, action: 'info', message });
  }

  private fits(client: SidecarClient): boolean {
    return client.socket.bufferedAmount <= this.options.maxBufferedBytes;
  }

  private sendOrQueue(
    client: SidecarClient,
    frame: string,
    item: { dump: StatusCategory | 'leases' } | { frame: string },
  ) {
    if (!client.open) return;
    if (!client.lagging && this.fits(client)) {
      client.socket.send(frame);
      return;
    }
    const backlog = client.startLagging();
    if (backlog.queue.length >= this.options.maxQueuedFrames) {
      client.socket.terminate();
      return;
    }
    backlog.queue.push(item);
  }
}
