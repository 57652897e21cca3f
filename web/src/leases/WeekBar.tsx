import { addDays, weekStart } from './calendar.ts';
import type { NamedNode } from './nodes.ts';

interface Props {
  week: number;
  now: number;
  node: number | string | undefined;
  nodes: readonly NamedNode[];
  /** undefined: the current week. */
  onWeek: (day: number | undefined) => void;
  onNode: (id: number | string | undefined) => void;
}

const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** Which week, and whose leases: the whole testbed's or one node's. */
export function WeekBar({ week, now, node, nodes, onWeek, onNode }: Props) {
  const current = weekStart(now) === week;
  const nodeValue = node === undefined ? '' : JSON.stringify(node);
  return (
    <div className="week-bar">
      <fieldset className="week-nav" aria-label="Week">
        <button
          type="button"
          className="icon-button"
          aria-label="Previous week"
          onClick={() => onWeek(addDays(week, -7))}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M10 3L5 8l5 5" />
          </svg>
        </button>
        <button type="button" className="button" disabled={current} onClick={() => onWeek(undefined)}>
          This week
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Next week"
          onClick={() => onWeek(addDays(week, 7))}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M6 3l5 5-5 5" />
          </svg>
        </button>
      </fieldset>
      <h2 className="week-title" aria-live="polite">
        {dayMonth.format(week)} – {dayMonthYear.format(addDays(week, 6))}
      </h2>
      <label className="week-filter">
        <span className="form-label">Show</span>
        <select
          value={nodeValue}
          onChange={(event) =>
            onNode(event.target.value ? (JSON.parse(event.target.value) as number | string) : undefined)
          }
        >
          <option value="">All nodes</option>
          {nodes.map((n) => (
            <option key={JSON.stringify(n.id)} value={JSON.stringify(n.id)}>
              {n.name}
            </option>
          ))}
        </select>
      </label>
      <div className="week-legend" aria-hidden="true">
        <span className="legend-swatch is-mine" /> my slices
        <span className="legend-swatch is-other" /> others
      </div>
    </div>
  );
}
