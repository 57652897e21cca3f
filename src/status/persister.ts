import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Clock, isoTime } from '../lib/clock.ts';
import { type DeviceKind, idFromKey, idKey, type StatusId } from '../lib/device-ref.ts';
import { coerceError } from '../lib/errors.ts';
import { WriteBehind } from '../lib/write-behind.ts';
import type { Tables } from '../store/tables.ts';
import type { LiveState } from './live-state.ts';
import { isR2labFileKind, writeR2labFile } from './r2lab-files.ts';
import type { StatusSink } from './service.ts';
import { type StatusWrite, saveStatus } from './store/save-status.ts';

export interface PersisterOptions {
  flushIntervalMs: number;
  /** Directory of R2lab's JSON files, or undefined not to write them. */
  r2labDir: string | undefined;
}

/**
 * Write-behind persistence of the live status: changed ids are collected and written in
 * one transaction per period, with the record current at flush time (so a record that
 * changed ten times in a period is written once). A failed write keeps its ids dirty and
 * is retried on the next period; nothing is lost while the process lives.
 */
export class StatusPersister implements StatusSink {
  private dirty = new Map<DeviceKind, Set<string>>();
  private readonly buffer: WriteBehind;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly state: LiveState,
    private readonly options: PersisterOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.buffer = new WriteBehind(
      options.flushIntervalMs,
      () => this.dirty.size > 0,
      () => this.write(),
    );
  }

  start(): void {
    this.buffer.start();
  }

  changed(kind: DeviceKind, ids: readonly StatusId[]): void {
    let keys = this.dirty.get(kind);
    if (!keys) {
      keys = new Set();
      this.dirty.set(kind, keys);
    }
    for (const id of ids) keys.add(idKey(id));
    this.buffer.schedule();
  }

  /** Writes everything pending; resolves when it is on disk. */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  stop(): Promise<void> {
    return this.buffer.stop();
  }

  private async write(): Promise<void> {
    const batch = this.dirty;
    this.dirty = new Map();
    const writes: StatusWrite[] = [];
    for (const [kind, keys] of batch) {
      for (const key of keys) {
        const id = idFromKey(key);
        writes.push({
          kind,
          id,
          record: this.state.get(kind, id) ?? null,
          position: this.state.positionOf(kind, id) ?? 0,
        });
      }
    }
    try {
      await saveStatus(this.db, writes, isoTime(this.clock));
      const dir = this.options.r2labDir;
      if (dir) {
        for (const kind of batch.keys()) {
          if (isR2labFileKind(kind)) await writeR2labFile(dir, kind, this.state.list(kind));
        }
      }
    } catch (error) {
      // Stopped, nothing will retry: say what is lost (the next start has the older records).
      if (this.buffer.stopping) {
        this.logger.error({ err: coerceError(error), records: writes.length }, 'status write failed at stop');
      } else {
        this.logger.error({ err: coerceError(error) }, 'status write failed; will retry');
      }
      for (const [kind, keys] of batch) {
        for (const key of keys) this.changed(kind, [idFromKey(key)]);
      }
    }
  }
}
