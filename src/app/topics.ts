import type { RigBus } from '../bus/events.ts';
import { type EventsFeature, KeyedState } from '../events/index.ts';
import type { Device, InventoryService } from '../inventory/index.ts';
import type { Lease, LeaseService } from '../leases/index.ts';
import { idKey, idSortKey } from '../lib/device-ref.ts';
import type { StatusService } from '../status/index.ts';

const deviceKey = (device: Pick<Device, 'kind' | 'id'>) => `${device.kind}/${idKey(device.id)}`;

/** Listing order: by kind, then integers numerically before names. */
const byKindThenId = (a: Device, b: Device) =>
  a.kind === b.kind ? idSortKey(a.id).localeCompare(idSortKey(b.id)) : a.kind < b.kind ? -1 : 1;

/**
 * What /api/v1/events carries: each topic's snapshot and the bus facts that feed it. A
 * topic's snapshot must change only together with an event published on it (see
 * TopicSource). Later features (leases, jobs, alarms) add their topics here.
 */
export function wireTopics(
  events: EventsFeature,
  bus: RigBus,
  inventory: InventoryService,
  status: StatusService,
): void {
  // Revoked credentials lose their open connection at once.
  bus.on('credentialsRevoked', events, (revocation) => events.hub.revoke(revocation));
  // Devices live in the store; the topic keeps its own copy, moved by the same facts it numbers.
  const devices = new KeyedState<Device>();
  events.addTopic({
    name: 'devices',
    load: async () => devices.load((await inventory.all()).map((d) => [deviceKey(d), d] as const)),
    snapshot: () => devices.values().sort(byKindThenId),
  });
  // The live status is in memory and announced synchronously as it changes: read it as is.
  events.addTopic({ name: 'status', snapshot: () => status.snapshot() });

  bus.on('deviceCreated', events, ({ device }) => {
    devices.set(deviceKey(device), device);
    events.publish('devices', 'deviceCreated', { device });
  });
  bus.on('deviceUpdated', events, ({ device }) => {
    devices.set(deviceKey(device), device);
    events.publish('devices', 'deviceUpdated', { device });
  });
  bus.on('deviceDeleted', events, ({ device }) => {
    devices.delete(deviceKey(device));
    events.publish('devices', 'deviceDeleted', { kind: device.kind, id: device.id });
  });
  bus.on('statusChanged', events, ({ kind, records }) =>
    events.publish('status', 'statusChanged', { kind, records }),
  );
  bus.on('statusRemoved', events, ({ kind, ids }) =>
    events.publish('status', 'statusRemoved', { kind, ids }),
  );
}

/** Leases by start, then id. */
const byStart = (a: Lease, b: Lease) => (a.t_from === b.t_from ? a.id - b.id : a.t_from < b.t_from ? -1 : 1);

/**
 * The `leases` topic: its snapshot is the leases that have not ended (as of the last
 * `leaseEnded`), its events every booking, change and cancel, and each start and end.
 */
export function wireLeaseTopic(events: EventsFeature, bus: RigBus, leases: LeaseService): void {
  const state = new KeyedState<Lease>();
  events.addTopic({
    name: 'leases',
    load: async () =>
      state.load((await leases.list({ after: 'now' })).map((lease) => [String(lease.id), lease] as const)),
    snapshot: () => state.values().sort(byStart),
  });
  bus.on('leaseChanged', events, ({ lease, change }) => {
    if (change === 'deleted') state.delete(String(lease.id));
    else state.set(String(lease.id), lease);
    events.publish('leases', 'leaseChanged', { lease, change });
  });
  bus.on('leaseStarted', events, ({ lease }) => {
    state.set(String(lease.id), lease);
    events.publish('leases', 'leaseStarted', { lease });
  });
  bus.on('leaseEnded', events, ({ lease }) => {
    state.delete(String(lease.id));
    events.publish('leases', 'leaseEnded', { lease });
  });
}
