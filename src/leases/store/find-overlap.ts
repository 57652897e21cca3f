import type { Db } from './select-leases.ts';

export interface Booking {
  from: string;
  until: string;
  whole: boolean;
  /** Node ids as JSON text; ignored when whole. */
  nodeKeys: readonly string[];
  /** The lease being changed, which cannot conflict with itself. */
  excludeId?: number;
}

/**
 * Leases that overlap the booking: [from, until) meets theirs on a node they share, and a
 * whole-testbed lease shares every node. Returns their ids, earliest first.
 */
export async function findOverlaps(db: Db, booking: Booking): Promise<number[]> {
  let query = db
    .selectFrom('leases')
    .select('leases.id')
    .where('leases.t_from', '<', booking.until)
    .where('leases.t_until', '>', booking.from)
    .orderBy('leases.t_from')
    .orderBy('leases.id');
  if (booking.excludeId !== undefined) query = query.where('leases.id', '!=', booking.excludeId);
  if (!booking.whole) {
    const keys = [...booking.nodeKeys];
    query = query.where((eb) =>
      eb.or([
        eb('leases.whole', '=', 1),
        eb.exists(
          eb
            .selectFrom('lease_nodes')
            .select('lease_nodes.lease_id')
            .whereRef('lease_nodes.lease_id', '=', 'leases.id')
            .where('lease_nodes.node_id', 'in', keys.length ? keys : ['']),
        ),
      ]),
    );
  }
  return (await query.execute()).map((row) => row.id);
}
