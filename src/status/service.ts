import type { RigBus } from '../bus/events.ts';
import { type DeviceKind, deviceKinds, type StatusId } from '../lib/device-ref.ts';
import type { LiveState } from './live-state.ts';
import type { StatusRecord } from './schema.ts';

/** Who wrote a change: `api`, `sidecar`, `monitor`, … (carried on the bus, for audit and loops). */
export type StatusOrigin = string;

export interface StatusService {
  /**
   * Merges partial records (R2lab rules) and returns the whole records that changed; those
   * are also announced as `statusChanged`. Synchronous: the state lives in memory and is
   * persisted behind, in batches.
   */
  update(kind: DeviceKind, records: readonly unknown[], origin: StatusOrigin): StatusRecord[];
  /** Forgets records; returns the ids that existed (announced as `statusRemoved`). */
  remove(kind: DeviceKind, ids: readonly StatusId[], origin: StatusOrigin): StatusId[];
  get(kind: DeviceKind, id: StatusId): StatusRecord | undefined;
  list(kind: DeviceKind): StatusRecord[];
  snapshot(): Record<DeviceKind, StatusRecord[]>;
}

/** Receives what changed, to persist it later. */
export interface StatusSink {
  changed(kind: DeviceKind, ids: readonly StatusId[]): void;
}

export class LiveStatus implements StatusService {
  constructor(
    private readonly state: LiveState,
    private readonly bus: RigBus,
    private readonly sink: StatusSink,
  ) {}

  update(kind: DeviceKind, records: readonly unknown[], origin: StatusOrigin): StatusRecord[] {
    const changed = this.state.merge(kind, records);
    if (changed.length) {
      this.sink.changed(
        kind,
        changed.map((r) => r.id),
      );
      this.bus.emit('statusChanged', { kind, records: changed, origin });
    }
    return changed;
  }

  remove(kind: DeviceKind, ids: readonly StatusId[], origin: StatusOrigin): StatusId[] {
    const removed = this.state.remove(kind, ids);
    if (removed.length) {
      this.sink.changed(kind, removed);
      this.bus.emit('statusRemoved', { kind, ids: removed, origin });
    }
    return removed;
  }

  get(kind: DeviceKind, id: StatusId): StatusRecord | undefined {
    return this.state.get(kind, id);
  }

  list(kind: DeviceKind): StatusRecord[] {
    return this.state.list(kind);
  }

  snapshot(): Record<DeviceKind, StatusRecord[]> {
    return Object.fromEntries(deviceKinds.map((kind) => [kind, this.state.list(kind)])) as Record<
      DeviceKind,
      StatusRecord[]
    >;
  }
}
