import type { LiveData } from './live-data.ts';
import {
  compareIds,
  type Device,
  type DeviceKind,
  deviceKey,
  type StatusId,
  type StatusRecord,
} from './types.ts';

/** One device as the dashboard shows it: its inventory entry, its live status, or both. */
export interface DeviceView {
  kind: DeviceKind;
  id: StatusId;
  /** Unique across kinds (deviceKey). */
  key: string;
  name: string;
  device: Device | undefined;
  status: StatusRecord | undefined;
}

/**
 * The devices of a kind, in id order: every inventory device, plus status records that no
 * inventory device matches (R2lab tools may report ids Rig does not manage).
 */
export function viewsOf(data: LiveData, kind: DeviceKind): DeviceView[] {
  const devices = data.devices[kind];
  const status = data.status[kind];
  const views: DeviceView[] = [];
  for (const [key, device] of devices)
    views.push({
      kind,
      id: device.id,
      key: deviceKey(kind, device.id),
      name: device.name,
      device,
      status: status.get(key),
    });
  for (const [key, record] of status)
    if (!devices.has(key))
      views.push({
        kind,
        id: record.id,
        key: deviceKey(kind, record.id),
        name: String(record.id),
        device: undefined,
        status: record,
      });
  return views.sort((a, b) => compareIds(a.id, b.id));
}

/** Views are rebuilt on every change; a memoised row re-renders only when its own data did. */
export function sameData(a: DeviceView, b: DeviceView): boolean {
  return a.device === b.device && a.status === b.status;
}
