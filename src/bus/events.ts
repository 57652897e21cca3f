import type { Slice, User } from '../accounts/schema.ts';
import type { Revocation } from '../http/access.ts';
import type { Device } from '../inventory/schema.ts';
import type { Lease } from '../leases/schema.ts';
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
  userCreated: { readonly user: User };
  userUpdated: { readonly user: User; readonly previous: User };
  userDeleted: { readonly user: User };
  /** Sessions or tokens stopped being valid: whoever caches principals or holds connections drops them. */
  credentialsRevoked: Revocation;
  /** A slice was created, changed (members included) or deleted (then `deleted`). */
  sliceChanged: { readonly slice: Slice; readonly deleted?: boolean };
  sshKeysChanged: { readonly userId: number };
  /** Booked, changed (extended, shortened) or deleted; `leaseChanged` for all three. */
  leaseChanged: { readonly lease: Lease; readonly change: 'created' | 'updated' | 'deleted' };
  /** Its start time came: its slice holds its nodes from now on. */
  leaseStarted: { readonly lease: Lease };
  /** Its end time came (or it was cut short): its nodes are free. */
  leaseEnded: { readonly lease: Lease };
}

export type RigBus = EventBus<RigEvents>;
