import type { Device } from '../inventory/schema.ts';
import type { DeviceKind, StatusId } from '../lib/device-ref.ts';
import type { StatusRecord } from '../status/schema.ts';
import type { EventBus } from './bus.ts';

/**
 * Every fact features announce to each other, named in the past tense. Payloads are
 * read-only to listeners.
 */
export interface RigEvents {
  deviceCreated: { readonly device: Device };
  deviceUpdated: { readonly device: Device; readonly previous: Device };
  deviceDeleted: { readonly device: Device };
  /** Whole merged records that changed, in the order they changed. */
  statusChanged: {
    readonly kind: DeviceKind;
    readonly records: readonly StatusRecord[];
    readonly origin: string;
  };
  statusRemoved: { readonly kind: DeviceKind; readonly ids: readonly StatusId[]; readonly origin: string };
}

export type RigBus = EventBus<RigEvents>;
