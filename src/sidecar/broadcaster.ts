import { idKey } from '../lib/device-ref.ts';
import type { StatusRecord } from '../status/index.ts';
import type { SidecarClient } from './client.ts';
import type { StatusCategory } from './protocol.ts';

export interface BroadcasterOptions {
  /** Unsent bytes past which a client stops getting frames and gets a coalesced backlog. */
  maxBufferedBytes: number;
  /** Dumps and echoes a lagging client may owe before it is closed instead. */
  maxQueuedFrames: number;
  /**
   * Least time between two incremental frames: changes that come sooner wait for the next
   * frame. Each frame costs one write per client, so under a stream of pushes this bounds
   * the writes per second; a change after a quiet spell still goes out at once.
   */
  minFrameIntervalMs: number;
}

/** `send` options for a text frame whose UTF-8 bytes are given as a Buffer. */
const TEXT_FRAME = { binary: false } as const;

/** Reads the current state, to rebuild what a lagging client missed. */
export interface CurrentState {
  list(category: StatusCategory): StatusRecord[];
  get(category: StatusCategory, key: string): StatusRecord | undefined;
  leases(): unknown[];
}

/**
 * Fan-out of the sidecar face. Changes of one event-loop turn — or, under a stream of
 * pushes, of one short window (`minFrameIntervalMs`) — are sent as one `info` frame per
 * category, serialised once for all clients: R2lab's `message` is a list and its clients
 * merge several records. Every change is in it, in order; frames go out in order. A
 * client that stops reading (bufferedAmount past the limit) is never waited for: from then
 * on it owes only the ids that changed, whose current records it gets once it drains — so
 * it ends up with the same state as everyone, in bounded memory, and never slows the others.
 */
export class Broadcaster {
  private readonly pending = new Map<StatusCategory, StatusRecord[]>();
  /** Cancels the scheduled flush, if one is. */
  private cancelFlush: (() => void) | undefined;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clients: () => Iterable<SidecarClient>,
    private readonly state: CurrentState,
    private readonly options: BroadcasterOptions,
  ) {}

  /** Queues changed records for the next incremental frame. */
  changed(category: StatusCategory, records: readonly StatusRecord[]): void {
    let list = this.pending.get(category);
    if (!list) {
      list = [];
      this.pending.set(category, list);
    }
    for (const record of records) list.push(record);
    if (this.cancelFlush) return;
    const wait = this.lastFlush + this.options.minFrameIntervalMs - performance.now();
    if (wait > 0) {
      const timer = setTimeout(() => this.flush(), wait);
      this.cancelFlush = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(() => this.flush());
      this.cancelFlush = () => clearImmediate(immediate);
    }
  }

  /** Sends the pending incremental frames now (also before a dump or an echo, to keep order). */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    if (!this.pending.size) return;
    this.lastFlush = performance.now();
    const batches = [...this.pending];
    this.pending.clear();
    for (const [category, records] of batches) {
      // Encoded once: sent as a string, each socket would encode its own copy.
      const frame = Buffer.from(
        JSON.stringify({ category, action: 'info', message: records, incremental: true }),
      );
      for (const client of this.clients()) {
        if (!client.open) continue;
        if (!client.lagging && this.fits(client)) {
          client.socket.send(frame, TEXT_FRAME);
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

  /**
   * Sends what lagging clients owe, to those that have drained: first the current record
   * of every owed id, then the owed dumps and echoes in order, one at a time while the
   * client stays under the limit (the rest waits for the next drain), so that a client
   * owing many dumps never has them all buffered at once.
   */
  drain(): void {
    // Owed records are read from the current state, which already holds the changes waiting
    // for the next frame: those go out first, or a client caught up here would get them
    // after the newer records it was just sent.
    if (this.pending.size && [...this.clients()].some((client) => client.lagging)) this.flush();
    for (const client of this.clients()) {
      const backlog = client.backlog;
      if (!backlog || !client.open) continue;
      if (client.socket.bufferedAmount > this.options.maxBufferedBytes / 2) continue;
      for (const [category, keys] of backlog.dirty) {
        const records = [...keys].map((key) => this.state.get(category, key)).filter((r) => r !== undefined);
        if (records.length) {
          client.socket.send(
            JSON.stringify({ category, action: 'info', message: records, incremental: true }),
          );
        }
      }
      backlog.dirty.clear();
      let sent = 0;
      while (sent < backlog.queue.length && this.fits(client)) {
        const item = backlog.queue[sent++]!;
        client.socket.send('dump' in item ? this.dumpFrame(item.dump) : item.frame);
      }
      backlog.queue.splice(0, sent);
      if (!backlog.queue.length) client.backlog = undefined;
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
