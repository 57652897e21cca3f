import type { RigBus } from '../bus/events.ts';
import type { EventsFeature } from '../events/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { StatusService } from '../status/index.ts';

/**
 * What /api/v1/events carries: each topic's snapshot and the bus facts that feed it.
 * Later features (leases, jobs, alarms) add their topics here.
 */
export function wireTopics(
  events: EventsFeature,
  bus: RigBus,
  inventory: InventoryService,
  status: StatusService,
): void {
  events.addTopic({ name: 'devices', snapshot: () => inventory.all() });
  events.addTopic({ name: 'status', snapshot: () => status.snapshot() });
  bus.on('deviceCreated', events, ({ device }) => events.publish('devices', 'deviceCreated', { device }));
  bus.on('deviceUpdated', events, ({ device }) => events.publish('devices', 'deviceUpdated', { device }));
  bus.on('deviceDeleted', events, ({ device }) =>
    events.publish('devices', 'deviceDeleted', { kind: device.kind, id: device.id }),
  );
  bus.on('statusChanged', events, ({ kind, records }) =>
    events.publish('status', 'statusChanged', { kind, records }),
  );
  bus.on('statusRemoved', events, ({ kind, ids }) =>
    events.publish('status', 'statusRemoved', { kind, ids }),
  );
}
