import { isDeepStrictEqual } from 'node:util';
import { idKey, type StatusId } from '../lib/device-ref.ts';
import type { StatusRecord, StatusSnapshot } from '../status/index.ts';

/** One line of `rig status watch`: a record as first seen, a change, or a removal. */
export interface StatusLine {
  type: 'snapshot' | 'changed' | 'removed';
  kind: string;
  id: StatusId;
  /** The event's sequence number (changes and removals only). */
  seq?: number;
  /** Fields whose value changed (changes only). */
  fields?: string[];
  /** The whole current record (not for removals). */
  record?: StatusRecord;
}

/**
 * The watcher's copy of the live status, so that it can say which fields changed, and turn
 * a fresh snapshot after a reconnect that could not resume into the changes it implies.
 */
export class StatusView {
  private readonly records = new Map<string, Map<string, StatusRecord>>();
  private primed = false;

  /** Only these kinds (all when empty). */
  constructor(private readonly kinds: ReadonlySet<string> = new Set()) {}

  private wanted(kind: string): boolean {
    return !this.kinds.size || this.kinds.has(kind);
  }

  private ofKind(kind: string): Map<string, StatusRecord> {
    const map = this.records.get(kind) ?? new Map<string, StatusRecord>();
    this.records.set(kind, map);
    return map;
  }

  /** The first snapshot lists every record; a later one yields only what differs. */
  snapshot(data: StatusSnapshot): StatusLine[] {
    const lines: StatusLine[] = [];
    const first = !this.primed;
    this.primed = true;
    for (const [kind, records] of Object.entries(data)) {
      if (!this.wanted(kind)) continue;
      const fresh = new Set<string>();
      for (const raw of records ?? []) {
        const record = raw as StatusRecord;
        fresh.add(idKey(record.id));
        if (first) {
          this.ofKind(kind).set(idKey(record.id), record);
          lines.push({ type: 'snapshot', kind, id: record.id, record });
        } else lines.push(...this.changed(kind, [record]));
      }
      if (!first) {
        const gone = [...this.ofKind(kind).values()].filter((r) => !fresh.has(idKey(r.id)));
        lines.push(
          ...this.removed(
            kind,
            gone.map((r) => r.id),
          ),
        );
      }
    }
    return lines;
  }

  changed(kind: string, records: readonly StatusRecord[], seq?: number): StatusLine[] {
    if (!this.wanted(kind)) return [];
    const known = this.ofKind(kind);
    const lines: StatusLine[] = [];
    for (const record of records) {
      const previous: Record<string, unknown> = known.get(idKey(record.id)) ?? {};
      const keys = new Set([...Object.keys(previous), ...Object.keys(record)]);
      const fields = [...keys].filter((k) => k !== 'id' && !isDeepStrictEqual(previous[k], record[k]));
      known.set(idKey(record.id), record);
      if (fields.length) lines.push({ type: 'changed', kind, id: record.id, seq, fields, record });
    }
    return lines;
  }

  removed(kind: string, ids: readonly StatusId[], seq?: number): StatusLine[] {
    if (!this.wanted(kind)) return [];
    const known = this.ofKind(kind);
    return ids.filter((id) => known.delete(idKey(id))).map((id) => ({ type: 'removed', kind, id, seq }));
  }
}

const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const clock = (d: Date) =>
  `${[d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')}.${String(d.getMilliseconds()).padStart(3, '0')}`;

/** For people: `time kind id field=value …` (only the changed fields of a change). */
export function humanLine(line: StatusLine, now: Date): string {
  const head = `${clock(now)}  ${line.kind.padEnd(10)}  ${String(line.id).padEnd(6)}`;
  if (line.type === 'removed') return `${head}  (removed)`;
  const record: Record<string, unknown> = line.record ?? {};
  const keys = line.fields ?? Object.keys(record).filter((k) => k !== 'id');
  return `${head}  ${keys.map((k) => `${k}=${value(record[k])}`).join(' ')}`.trimEnd();
}

/** For scripts: one JSON object per line. */
export function jsonLine(line: StatusLine, now: Date): string {
  return JSON.stringify({ time: now.toISOString(), ...line });
}
