import type { Lease } from '../api/types.ts';
import { idKey } from '../live/types.ts';

/** The leases running at `now`. */
export function runningLeases(leases: Iterable<Lease>, now: number): Lease[] {
  return [...leases].filter((lease) => Date.parse(lease.t_from) <= now && now < Date.parse(lease.t_until));
}

/**
 * Who holds each node at `now`, by id key. `all` is the lease of the whole testbed, if one
 * runs (the server never lets it overlap a lease of some nodes).
 */
export function holdersAt(
  leases: Iterable<Lease>,
  now: number,
): { byNode: ReadonlyMap<string, Lease>; all: Lease | undefined } {
  const byNode = new Map<string, Lease>();
  let all: Lease | undefined;
  for (const lease of runningLeases(leases, now)) {
    if (lease.whole) all = lease;
    else for (const id of lease.nodes) byNode.set(idKey(id), lease);
  }
  return { byNode, all };
}
