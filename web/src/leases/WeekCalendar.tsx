import { useEffect, useMemo, useRef } from 'react';
import { weekDays } from './calendar.ts';
import { DayColumn } from './DayColumn.tsx';
import type { CalendarLease } from './LeaseBlock.tsx';

interface Props {
  weekStart: number;
  items: readonly CalendarLease[];
  draft: { from: number; until: number } | undefined;
  selectedId: number | undefined;
  conflictIds: readonly number[];
  grainMs: number;
  now: number;
  onOpen: (id: number) => void;
  onSelectRange: (from: number, until: number) => void;
}

const dayName = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dayNumber = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const hours = Array.from({ length: 24 }, (_, h) => h);

/** Monday to Sunday, hours downwards: the leases of a week, and where to book. */
export function WeekCalendar(props: Props) {
  const { weekStart, now } = props;
  const days = useMemo(() => weekDays(weekStart), [weekStart]);
  const scroller = useRef<HTMLDivElement>(null);
  const thisWeek = now >= weekStart && now < (days[7] as number);

  // Open on the working day, or around now in the current week; only when the week
  // changes, so that live updates never jump the view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on week changes only
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const hour = thisWeek ? Math.max(0, new Date(now).getHours() - 2) : 7;
    element.scrollTop = (hour / 24) * element.scrollHeight;
    // A window too narrow for the week scrolls sideways to today.
    const today = element.querySelector<HTMLElement>('.day.is-today');
    const outer = element.closest<HTMLElement>('.calendar');
    if (outer)
      outer.scrollLeft = today
        ? today.offsetLeft - (element.querySelector<HTMLElement>('.calendar-hours')?.offsetWidth ?? 0)
        : 0;
  }, [weekStart]);

  return (
    <div className="calendar">
      {/* Narrow windows scroll the week sideways: head and hours move together. */}
      <div className="calendar-inner">
        <div className="calendar-head" aria-hidden="true">
          <div className="calendar-corner" />
          {days.slice(0, 7).map((day, i) => (
            <div
              key={day}
              className={`calendar-day-head${now >= day && now < (days[i + 1] as number) ? ' is-today' : ''}`}
            >
              <span className="day-name">{dayName.format(day)}</span>
              <span className="day-number">{dayNumber.format(day)}</span>
            </div>
          ))}
        </div>
        <div className="calendar-scroll" ref={scroller}>
          <div className="calendar-body">
            <div className="calendar-hours" aria-hidden="true">
              {hours.map((h) => (
                <span key={h} className="hour-label" style={{ top: `calc(${h * 60} * var(--minute))` }}>
                  {h ? `${String(h).padStart(2, '0')}:00` : ''}
                </span>
              ))}
            </div>
            {days.slice(0, 7).map((day, i) => (
              <DayColumn
                key={day}
                dayStart={day}
                dayEnd={days[i + 1] as number}
                label={longDay.format(day)}
                items={props.items}
                draft={props.draft}
                selectedId={props.selectedId}
                conflictIds={props.conflictIds}
                grainMs={props.grainMs}
                now={now}
                onOpen={props.onOpen}
                onSelectRange={props.onSelectRange}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
