import { useMemo } from 'react';
import type { Lease } from '../api/types.ts';
import { Panel } from '../components/Panel.tsx';
import { hourMinute } from './calendar.ts';
import { describeNodes } from './nodes.ts';
import type { LocalChanges } from './useRangeLeases.ts';

interface Props {
  leases: ReadonlyMap<number, Lease>;
  local: LocalChanges;
  mySlices: readonly string[];
  now: number;
  selectedId: number | undefined;
  onOpen: (id: number) => void;
}

const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

/** My slices' leases that have not ended, soonest first: a list to reach them by keyboard. */
export function MyLeases({ leases, local, mySlices, now, selectedId, onOpen }: Props) {
  const mine = useMemo(() => {
    const merged = new Map(leases);
    for (const [id, lease] of local.leases) {
      const seen = merged.get(id);
      if (!seen || seen.updated_at <= lease.updated_at) merged.set(id, lease);
    }
    return [...merged.values()]
      .filter((l) => !local.gone.has(l.id) && mySlices.includes(l.slice) && Date.parse(l.t_until) > now)
      .sort((a, b) => a.t_from.localeCompare(b.t_from));
  }, [leases, local, mySlices, now]);
  return (
    <Panel title="My leases" count={String(mine.length)}>
      {mine.length === 0 ? (
        <p className="empty">None booked.</p>
      ) : (
        <ul className="my-leases" aria-label="My leases">
          {mine.map((lease) => {
            const from = Date.parse(lease.t_from);
            const running = from <= now;
            return (
              <li key={lease.id}>
                <button
                  type="button"
                  className="device-row"
                  aria-pressed={lease.id === selectedId}
                  onClick={() => onOpen(lease.id)}
                >
                  <span className={`row-dot ${running ? 'tone-ok' : 'tone-off'}`} aria-hidden="true" />
                  <span className="row-text">
                    <span className="row-name">{lease.slice}</span>
                    <span className="row-sub">
                      {day.format(from)} {hourMinute(from)}–{hourMinute(Date.parse(lease.t_until))} ·{' '}
                      {describeNodes(lease)}
                    </span>
                  </span>
                  {running && <span className="chip tone-ok">now</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
