import { idFromKey, idKey, type StatusId } from '../lib/device-ref.ts';
import { RigError } from '../lib/errors.ts';
import type { Lease } from './schema.ts';
import { type Booking, findOverlaps } from './store/find-overlap.ts';
import { type Db, selectLeases } from './store/select-leases.ts';
import { shortIso } from './time.ts';

/** Throws the 409 of the first lease the booking overlaps, if any (inside the booking's transaction). */
export async function refuseOverlap(db: Db, booking: Booking): Promise<void> {
  const ids = await findOverlaps(db, booking);
  const [other] = ids[0] === undefined ? [] : await selectLeases(db, { id: ids[0] });
  if (!other) return;
  const { phase: _phase, ...lease } = other;
  const { message, details } = describeConflict(booking, lease, ids);
  throw new RigError('RIG_ERR_CONFLICT', message, details);
}

/**
 * The 409 of an overlap: it names the first conflicting lease (id, slice, range) and the
 * nodes the two have in common, so the caller can pick other nodes or another time.
 */
export function describeConflict(
  booking: { whole: boolean; nodeKeys: readonly string[] },
  other: Lease,
  conflicting: readonly number[],
): { message: string; details: unknown } {
  let common: StatusId[] | 'all';
  if (other.whole) common = booking.whole ? 'all' : booking.nodeKeys.map(idFromKey);
  else if (booking.whole) common = other.nodes;
  else {
    const mine = new Set(booking.nodeKeys);
    common = other.nodes.filter((id) => mine.has(idKey(id)));
  }
  const where =
    common === 'all'
      ? 'the whole testbed'
      : `${common.length === 1 ? 'node' : 'nodes'} ${common.slice(0, 20).join(', ')}${common.length > 20 ? ', …' : ''}`;
  const whose = other.whole ? ' (the whole testbed)' : '';
  const more = conflicting.length > 1 ? ` and ${conflicting.length - 1} other lease(s)` : '';
  return {
    message:
      `overlaps lease ${other.id} of slice ${other.slice}${whose}, ` +
      `${shortIso(other.t_from)} to ${shortIso(other.t_until)}, on ${where}${more}`,
    details: {
      lease: { id: other.id, slice: other.slice, t_from: other.t_from, t_until: other.t_until },
      nodes: common,
      conflicts: conflicting.slice(0, 100),
    },
  };
}
