import type { Lease } from '../api/types.ts';
import { hourMinute } from '../leases/calendar.ts';
import { hrefOf } from '../session/routing.ts';

interface Props {
  nodeId: number | string;
  lease: Lease | undefined;
  mine: boolean;
}

/** Who holds a node now, until when, and a way to its calendar. */
export function LeaseHolder({ nodeId, lease, mine }: Props) {
  return (
    <section aria-label="Lease">
      <h3>Lease</h3>
      {lease ? (
        <p className={`lease-holder${mine ? ' is-mine' : ''}`}>
          Held by slice <strong>{lease.slice}</strong>
          {mine && ' (yours)'} until{' '}
          <time dateTime={lease.t_until}>{hourMinute(Date.parse(lease.t_until))}</time>
          {lease.whole && ' — the whole testbed'}
          {lease.created_by && <span className="lease-by"> · booked by {lease.created_by}</span>}
        </p>
      ) : (
        <p className="lease-holder">Free: no lease holds it now.</p>
      )}
      <a className="lease-calendar-link" href={hrefOf('leases', { node: String(nodeId) })}>
        Its leases this week
      </a>
    </section>
  );
}
