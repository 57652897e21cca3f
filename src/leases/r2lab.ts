import type { R2labLease } from './schema.ts';
import type { LeaseWithPhase } from './store/select-leases.ts';

/**
 * r2lab-api's LeaseRead, which R2lab's website and tools read on the sidecar
 * (sidecar-protocol.md §7.4): one resource, the testbed (`resource_id` 1); Rig adds `nodes`.
 */
export const toR2labLease = (lease: LeaseWithPhase): R2labLease => ({
  id: lease.id,
  resource_id: 1,
  slice_id: lease.slice_id,
  t_from: lease.t_from,
  t_until: lease.t_until,
  created_at: lease.created_at,
  slice_name: lease.slice,
  nodes: lease.whole ? 'all' : lease.nodes,
});
