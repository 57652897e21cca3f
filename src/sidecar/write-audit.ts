import type { AuditActor, AuditSink } from '../audit/index.ts';
import type { Principal } from '../http/access.ts';
import { kindOfStatusCategory, type SidecarCategory, type StatusCategory } from './protocol.ts';

export interface WriteAuditOptions {
  /** A burst ends after this long without writes… */
  quietMs: number;
  /** …or once it has lasted this long (a monitor that writes all the time). */
  maxMs: number;
}

/** Who wrote, and whether the write was applied or ignored. */
export interface Writer {
  address: string;
  principal: Principal | undefined;
  denied: boolean;
}

/** What one connection wrote (or tried to) in one category during a burst. */
interface CategoryWrites {
  ids: Set<string>;
  fields: Set<string>;
  deleted: Set<string>;
}

interface Burst {
  startedAt: number;
  lastAt: number;
  frames: number;
  categories: Map<SidecarCategory, CategoryWrites>;
  writer: Writer;
  timer: NodeJS.Timeout | undefined;
}

type Outcome = 'ok' | 'denied';

const MAX_LISTED = 50;
const kindOf = (category: SidecarCategory) =>
  category === 'leases' ? 'lease' : kindOfStatusCategory[category as StatusCategory];
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const listed = (values: Set<string>) => [...values].slice(0, MAX_LISTED);

function actorOf(principal: Principal | undefined): AuditActor {
  return principal
    ? { id: principal.userId, name: principal.name, via: 'sidecar', token_id: principal.tokenId ?? null }
    : { id: null, name: 'anonymous', via: 'sidecar', token_id: null };
}

/**
 * Audits sidecar writes as `status.write` via `sidecar`: one entry per connection and
 * outcome (ok, denied) per burst of frames rather than one per frame, with the ids and the
 * names of the fields written (never their values).
 */
export class SidecarWriteAudit {
  private readonly bursts = new Map<object, Partial<Record<Outcome, Burst>>>();

  constructor(
    private readonly sink: AuditSink | undefined,
    private readonly options: WriteAuditOptions,
  ) {}

  /** Notes an `info` or `delete` frame of a connection. */
  noted(
    connection: object,
    writer: Writer,
    category: SidecarCategory,
    action: 'info' | 'delete',
    message: unknown[],
  ): void {
    if (!this.sink) return;
    const outcome: Outcome = writer.denied ? 'denied' : 'ok';
    const bursts = this.bursts.get(connection) ?? {};
    this.bursts.set(connection, bursts);
    const now = Date.now();
    const burst = bursts[outcome] ?? {
      startedAt: now,
      lastAt: now,
      frames: 0,
      categories: new Map(),
      writer,
      timer: undefined,
    };
    bursts[outcome] = burst;
    burst.frames++;
    let writes = burst.categories.get(category);
    if (!writes) {
      writes = { ids: new Set(), fields: new Set(), deleted: new Set() };
      burst.categories.set(category, writes);
    }
    for (const item of message) {
      // A delete may name records as [record, …] (sidecar-protocol.md §5.5).
      const record = Array.isArray(item) ? item[0] : item;
      if (!isObject(record)) continue;
      const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : '?';
      (action === 'delete' ? writes.deleted : writes.ids).add(id);
      if (action === 'info')
        for (const field of Object.keys(record)) if (field !== 'id') writes.fields.add(field);
    }
    burst.lastAt = now;
    // One timer per burst, not one per frame (monitors write hundreds per second).
    if (!burst.timer) this.arm(connection, outcome, burst);
  }

  /** Flushes the burst once it has been quiet for quietMs, or has lasted maxMs. */
  private arm(connection: object, outcome: Outcome, burst: Burst): void {
    const now = Date.now();
    const due = Math.min(burst.lastAt + this.options.quietMs, burst.startedAt + this.options.maxMs);
    burst.timer = setTimeout(
      () => {
        burst.timer = undefined;
        const quietSince = Date.now() - burst.lastAt;
        const lasted = Date.now() - burst.startedAt;
        if (quietSince >= this.options.quietMs || lasted >= this.options.maxMs)
          this.flush(connection, outcome);
        else this.arm(connection, outcome, burst);
      },
      Math.max(0, due - now),
    );
    burst.timer.unref?.();
  }

  /** Records a connection's pending bursts now (it closed). */
  flushConnection(connection: object): void {
    this.flush(connection, 'ok');
    this.flush(connection, 'denied');
  }

  flushAll(): void {
    for (const connection of [...this.bursts.keys()]) this.flushConnection(connection);
  }

  private flush(connection: object, outcome: Outcome): void {
    const bursts = this.bursts.get(connection);
    const burst = bursts?.[outcome];
    if (!bursts || !burst || !this.sink) return;
    clearTimeout(burst.timer);
    delete bursts[outcome];
    if (!bursts.ok && !bursts.denied) this.bursts.delete(connection);
    const writes: Record<string, unknown> = {};
    for (const [category, { ids, fields, deleted }] of burst.categories) {
      writes[category] = {
        ...(ids.size ? { ids: listed(ids), fields: listed(fields) } : {}),
        ...(deleted.size ? { deleted: listed(deleted) } : {}),
        ...(ids.size + deleted.size > MAX_LISTED ? { count: ids.size + deleted.size } : {}),
      };
    }
    const [first] = burst.categories;
    const single = burst.categories.size === 1 ? first : undefined;
    const touched = single ? [...new Set([...single[1].ids, ...single[1].deleted])] : [];
    this.sink.record({
      actor: actorOf(burst.writer.principal),
      action: 'status.write',
      target: single
        ? { kind: kindOf(single[0]), id: touched.length === 1 ? (touched[0] as string) : null }
        : null,
      result: outcome,
      status: null,
      address: burst.writer.address,
      details: { frames: burst.frames, seconds: Math.round((Date.now() - burst.startedAt) / 1000), writes },
    });
  }
}
