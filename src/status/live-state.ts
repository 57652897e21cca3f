import { isDeepStrictEqual } from 'node:util';
import { type DeviceKind, idKey, isStatusId, type StatusId } from '../lib/device-ref.ts';
import type { StatusRecord } from './schema.ts';

interface Entry {
  record: StatusRecord;
  position: number;
}

/**
 * The live status of every device, in memory, with R2lab's merge rules
 * (sidecar-protocol.md §5.3): partial records merged per type-exact id, a change detected
 * by deep equality, keys never removed. Records are replaced, never mutated, so a record
 * handed out (to a pending broadcast, say) never changes under its holder.
 */
export class LiveState {
  private readonly tables = new Map<DeviceKind, Map<string, Entry>>();
  private readonly nextPosition = new Map<DeviceKind, number>();

  private table(kind: DeviceKind): Map<string, Entry> {
    let table = this.tables.get(kind);
    if (!table) {
      table = new Map();
      this.tables.set(kind, table);
    }
    return table;
  }

  /** Restores persisted records, in their first-seen order. */
  load(kind: DeviceKind, rows: ReadonlyArray<{ record: StatusRecord; position: number }>): void {
    const table = this.table(kind);
    table.clear();
    let next = 0;
    for (const row of [...rows].sort((a, b) => a.position - b.position)) {
      table.set(idKey(row.record.id), { record: row.record, position: row.position });
      next = Math.max(next, row.position + 1);
    }
    this.nextPosition.set(kind, next);
  }

  /**
   * Merges partial records; returns the whole merged record of each one that changed, in
   * input order. Items that are not objects with a number or string `id` are skipped; an
   * item that is a list stands for its first element (R2lab's debug hack).
   */
  merge(kind: DeviceKind, items: readonly unknown[]): StatusRecord[] {
    const table = this.table(kind);
    const news: StatusRecord[] = [];
    for (let item of items) {
      if (Array.isArray(item)) item = item[0];
      if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
      const incoming = item as Record<string, unknown>;
      if (!isStatusId(incoming.id)) continue;
      const key = idKey(incoming.id);
      const entry = table.get(key);
      if (!entry) {
        const position = this.nextPosition.get(kind) ?? 0;
        this.nextPosition.set(kind, position + 1);
        const record = { ...incoming } as StatusRecord;
        table.set(key, { record, position });
        news.push(record);
        continue;
      }
      if (!changes(entry.record, incoming)) continue;
      entry.record = { ...entry.record, ...incoming, id: entry.record.id } as StatusRecord;
      news.push(entry.record);
    }
    return news;
  }

  /** Removes records; returns the ids that existed. */
  remove(kind: DeviceKind, ids: readonly StatusId[]): StatusId[] {
    const table = this.table(kind);
    return ids.filter((id) => table.delete(idKey(id)));
  }

  get(kind: DeviceKind, id: StatusId): StatusRecord | undefined {
    return this.tables.get(kind)?.get(idKey(id))?.record;
  }

  /** Records of a kind in first-seen order. */
  list(kind: DeviceKind): StatusRecord[] {
    return [...(this.tables.get(kind)?.values() ?? [])].map((e) => e.record);
  }

  positionOf(kind: DeviceKind, id: StatusId): number | undefined {
    return this.tables.get(kind)?.get(idKey(id))?.position;
  }
}

function changes(stored: Record<string, unknown>, incoming: Record<string, unknown>): boolean {
  for (const key of Object.keys(incoming)) {
    if (!(key in stored) || !isDeepStrictEqual(stored[key], incoming[key])) return true;
  }
  return false;
}
