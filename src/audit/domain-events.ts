import type { RigBus } from '../bus/events.ts';
import type { Lease } from '../leases/schema.ts';
import type { AuditActor, AuditSink } from './schema.ts';

export interface DomainEventOptions {
  /** Whether a lease's nodes are powered off when it ends (leases.powerOffAtEnd). */
  powerOffAtEnd: boolean;
}

const system: AuditActor = { id: null, name: 'system', via: 'system', token_id: null };

const leaseDetails = (lease: Lease) => ({
  slice: lease.slice,
  whole: lease.whole,
  nodes: lease.nodes.slice(0, 50),
  ...(lease.nodes.length > 50 ? { nodes_count: lease.nodes.length } : {}),
  t_from: lease.t_from,
  t_until: lease.t_until,
});

/**
 * Records what happens without a request: leases starting and ending on their own (at
 * their end the nodes are released, and powered off when so configured). What requests
 * cause is recorded by the HTTP hook instead.
 */
export function recordDomainEvents(bus: RigBus, owner: object, sink: AuditSink, options: DomainEventOptions) {
  bus.on('leaseStarted', owner, ({ lease }) =>
    sink.record({
      actor: system,
      action: 'lease.started',
      target: { kind: 'lease', id: String(lease.id) },
      result: 'ok',
      details: leaseDetails(lease),
    }),
  );
  bus.on('leaseEnded', owner, ({ lease }) =>
    sink.record({
      actor: system,
      action: 'lease.ended',
      target: { kind: 'lease', id: String(lease.id) },
      result: 'ok',
      details: { ...leaseDetails(lease), power_off: options.powerOffAtEnd },
    }),
  );
}
