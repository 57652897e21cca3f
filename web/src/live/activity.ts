import { summarize, type Tone } from './device-state.ts';
import type { Device, DeviceKind, StatusId, StatusRecord } from './types.ts';
import { deviceKey } from './types.ts';

/** One line of the activity feed: a device whose state changed, or that came or went. */
export interface ActivityEntry {
  /** Unique within the page, for React keys. */
  seq: number;
  at: number;
  kind: DeviceKind;
  id: StatusId;
  key: string;
  name: string;
  from: { tone: Tone; label: string } | undefined;
  to: { tone: Tone; label: string } | undefined;
  /** For inventory changes: what happened. */
  note?: string;
}

/** Entries kept; older ones fall off. */
export const ACTIVITY_LIMIT = 100;

/** A feed entry when a status change changes what the device's chip says, else nothing. */
export function stateChange(
  kind: DeviceKind,
  before: StatusRecord | undefined,
  after: StatusRecord,
  name: string,
  at: number,
  seq: number,
): ActivityEntry | undefined {
  const from = summarize(kind, before);
  const to = summarize(kind, after);
  if (before && from.label === to.label) return undefined;
  if (!before && to.tone === 'unknown') return undefined;
  return {
    seq,
    at,
    kind,
    id: after.id,
    key: deviceKey(kind, after.id),
    name,
    from: before ? from : undefined,
    to,
  };
}

export function inventoryChange(
  device: Pick<Device, 'kind' | 'id'> & { name?: string },
  note: string,
  at: number,
  seq: number,
): ActivityEntry {
  const { kind, id } = device;
  return {
    seq,
    at,
    kind,
    id,
    key: deviceKey(kind, id),
    name: device.name ?? String(id),
    from: undefined,
    to: undefined,
    note,
  };
}
