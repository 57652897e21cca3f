import { memo } from 'react';
import type { Lease } from '../api/types.ts';
import type { Segment } from './calendar.ts';
import { hourMinute } from './calendar.ts';
import { describeNodes } from './nodes.ts';

export interface CalendarLease {
  id: number;
  from: number;
  until: number;
  lease: Lease;
  mine: boolean;
}

interface Props {
  segment: Segment<CalendarLease>;
  selected: boolean;
  conflict: boolean;
  onOpen: (id: number) => void;
}

/** A lease's part of one day: slice, times and nodes; a button that opens it. */
export const LeaseBlock = memo(function LeaseBlock({ segment, selected, conflict, onOpen }: Props) {
  const { item, top, bottom, lane, lanes } = segment;
  const { lease, mine } = item;
  const times = `${hourMinute(item.from)}–${hourMinute(item.until)}`;
  const nodes = describeNodes(lease);
  const classes = ['lease-block', mine ? 'is-mine' : 'is-other'];
  if (selected) classes.push('is-selected');
  if (conflict) classes.push('is-conflict');
  if (segment.continuesBefore) classes.push('continues-before');
  if (segment.continuesAfter) classes.push('continues-after');
  return (
    <button
      type="button"
      className={classes.join(' ')}
      data-lease-id={lease.id}
      aria-label={`Lease ${lease.id} of ${lease.slice}${mine ? ' (yours)' : ''}, ${times}, ${nodes}${conflict ? ', in conflict' : ''}`}
      aria-pressed={selected}
      style={{
        top: `calc(${top} * var(--minute))`,
        height: `calc(${bottom - top} * var(--minute))`,
        left: `calc(${lane} / ${lanes} * 100%)`,
        // A hairline between side-by-side leases.
        width: `calc(100% / ${lanes} - ${lanes > 1 ? 2 : 0}px)`,
      }}
      title={`${lease.slice} · ${times} · ${nodes}${lease.created_by ? ` · booked by ${lease.created_by}` : ''}`}
      onClick={() => onOpen(lease.id)}
    >
      <span className="lease-slice">{lease.slice}</span>
      <span className="lease-times">{times}</span>
      <span className="lease-nodes">{nodes}</span>
    </button>
  );
});
