/**
 * The dashboard's view of Rig's contracts. Types come from the server's own schemas
 * (type-only imports: nothing of the server is bundled), so a change there breaks this build.
 */
import type { ServerMessage } from '../../../src/events/protocol.ts';
import type { Device } from '../../../src/inventory/schema.ts';
import type { DeviceKind, StatusId } from '../../../src/lib/device-ref.ts';

export type { Device, DeviceKind, ServerMessage, StatusId };

export type StatusRecord = { id: StatusId } & Record<string, unknown>;

export type LiveEvent = Extract<ServerMessage, { type: 'events' }>['events'][number];

export const deviceKinds: readonly DeviceKind[] = ['node', 'phone', 'pdu', 'switch', 'instrument'];

/** Map key of an id: its JSON text, so 1 and "1" stay distinct (as on the server). */
export const idKey = (id: StatusId): string => JSON.stringify(id);

/** Key of a device across kinds. */
export const deviceKey = (kind: DeviceKind, id: StatusId): string => `${kind}/${idKey(id)}`;

/** Integers numerically first, then names, as the server lists them. */
export function compareIds(a: StatusId, b: StatusId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a.localeCompare(b, undefined, { numeric: true });
}
