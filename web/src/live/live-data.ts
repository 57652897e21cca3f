import { ACTIVITY_LIMIT, type ActivityEntry, inventoryChange, stateChange } from './activity.ts';
import {
  initialLeaseData,
  type LeaseData,
  LeaseDraft,
  leaseEventTypes,
  leaseSnapshot,
} from './lease-data.ts';
import {
  type Device,
  type DeviceKind,
  deviceKey,
  deviceKinds,
  idKey,
  type LiveEvent,
  type ServerMessage,
  type StatusId,
  type StatusRecord,
} from './types.ts';

type KindMaps<T> = Readonly<Record<DeviceKind, ReadonlyMap<string, T>>>;

/** What the dashboard knows of the lab: inventory, live status and leases, by kind and id key. */
export interface LiveData extends LeaseData {
  devices: KindMaps<Device>;
  status: KindMaps<StatusRecord>;
  /** When this page saw each device's status change (ms, by deviceKey); absent: unchanged since load. */
  changedAt: ReadonlyMap<string, number>;
  /** Recent changes seen live, newest first. */
  activity: readonly ActivityEntry[];
  activitySeq: number;
  /** When the first status snapshot arrived (the page's view starts there). */
  loadedAt: number | undefined;
  devicesLoaded: boolean;
  statusLoaded: boolean;
}

export interface FrameAction {
  message: ServerMessage;
  at: number;
}

function emptyMaps<T>(): Record<DeviceKind, Map<string, T>> {
  return { node: new Map(), phone: new Map(), pdu: new Map(), switch: new Map(), instrument: new Map() };
}

export const initialLiveData: LiveData = {
  devices: emptyMaps(),
  status: emptyMaps(),
  changedAt: new Map(),
  activity: [],
  activitySeq: 0,
  loadedAt: undefined,
  devicesLoaded: false,
  statusLoaded: false,
  ...initialLeaseData,
};

const isKind = (kind: unknown): kind is DeviceKind => deviceKinds.includes(kind as DeviceKind);

/**
 * Copies a kind's map the first time a batch touches it, so one frame of many events costs
 * one copy per kind and untouched kinds keep their identity (their panels do not re-render).
 */
class Draft<T> {
  private readonly copies = new Map<DeviceKind, Map<string, T>>();
  constructor(private readonly base: KindMaps<T>) {}
  map(kind: DeviceKind): Map<string, T> {
    let copy = this.copies.get(kind);
    if (!copy) {
      copy = new Map(this.base[kind]);
      this.copies.set(kind, copy);
    }
    return copy;
  }
  result(): KindMaps<T> {
    if (!this.copies.size) return this.base;
    return { ...this.base, ...Object.fromEntries(this.copies) };
  }
}

export function liveReducer(state: LiveData, { message, at }: FrameAction): LiveData {
  if (message.type === 'snapshot') return applySnapshot(state, message.topic, message.data, at);
  if (message.type === 'events') return applyEvents(state, message.events, at);
  return state;
}

function applySnapshot(state: LiveData, topic: string, data: unknown, at: number): LiveData {
  if (topic === 'leases') {
    const leases = leaseSnapshot(data);
    // Deletions seen before a reconnect still hold: keep them out of weeks fetched by REST.
    return leases ? { ...state, ...leases, leasesGone: state.leasesGone } : state;
  }
  if (topic === 'devices' && Array.isArray(data)) {
    const devices = emptyMaps<Device>();
    for (const device of data as Device[])
      if (isKind(device.kind)) devices[device.kind].set(idKey(device.id), device);
    return { ...state, devices, devicesLoaded: true };
  }
  if (topic === 'status' && typeof data === 'object' && data !== null) {
    const status = emptyMaps<StatusRecord>();
    const changedAt = new Map(state.changedAt);
    for (const [kind, records] of Object.entries(data as Record<string, StatusRecord[]>)) {
      if (!isKind(kind) || !Array.isArray(records)) continue;
      for (const record of records) {
        const key = idKey(record.id);
        status[kind].set(key, record);
        // After a reconnect, a record that differs from what the page showed changed meanwhile.
        const before = state.status[kind].get(key);
        if (state.statusLoaded && JSON.stringify(before) !== JSON.stringify(record))
          changedAt.set(deviceKey(kind, record.id), at);
      }
    }
    return { ...state, status, changedAt, statusLoaded: true, loadedAt: state.loadedAt ?? at };
  }
  return state;
}

function applyEvents(state: LiveData, events: readonly LiveEvent[], at: number): LiveData {
  const devices = new Draft(state.devices);
  const status = new Draft(state.status);
  const leases = new LeaseDraft(state);
  let changedAt: Map<string, number> | undefined;
  const added: ActivityEntry[] = [];
  let seq = state.activitySeq;
  const nameOf = (kind: DeviceKind, id: StatusId) => devices.map(kind).get(idKey(id))?.name ?? String(id);
  const touch = (kind: DeviceKind, id: StatusId) => {
    changedAt ??= new Map(state.changedAt);
    changedAt.set(deviceKey(kind, id), at);
  };
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    if (leaseEventTypes.has(event.type)) {
      leases.apply(event.type, data);
      continue;
    }
    switch (event.type) {
      case 'deviceCreated':
      case 'deviceUpdated': {
        const device = data.device as Device;
        if (!isKind(device.kind)) break;
        devices.map(device.kind).set(idKey(device.id), device);
        if (event.type === 'deviceCreated')
          added.push(inventoryChange(device, 'added to the inventory', at, ++seq));
        break;
      }
      case 'deviceDeleted': {
        if (!isKind(data.kind)) break;
        const id = data.id as StatusId;
        const name = nameOf(data.kind, id);
        devices.map(data.kind).delete(idKey(id));
        added.push(inventoryChange({ kind: data.kind, id, name }, 'removed from the inventory', at, ++seq));
        break;
      }
      case 'statusChanged':
        if (!isKind(data.kind)) break;
        for (const record of data.records as StatusRecord[]) {
          const table = status.map(data.kind);
          const entry = stateChange(
            data.kind,
            table.get(idKey(record.id)),
            record,
            nameOf(data.kind, record.id),
            at,
            seq + 1,
          );
          if (entry) {
            seq++;
            added.push(entry);
          }
          table.set(idKey(record.id), record);
          touch(data.kind, record.id);
        }
        break;
      case 'statusRemoved':
        if (!isKind(data.kind)) break;
        for (const id of data.ids as StatusId[]) {
          status.map(data.kind).delete(idKey(id));
          touch(data.kind, id);
        }
        break;
    }
  }
  return {
    ...state,
    devices: devices.result(),
    status: status.result(),
    ...leases.result(),
    changedAt: changedAt ?? state.changedAt,
    activity: added.length
      ? [...added.reverse(), ...state.activity].slice(0, ACTIVITY_LIMIT)
      : state.activity,
    activitySeq: seq,
  };
}
