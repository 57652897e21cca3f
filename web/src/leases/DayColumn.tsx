import { type PointerEvent, useMemo, useRef, useState } from 'react';
import { DAY_MINUTES, daySegments, minuteOfDay, snap, timeAtMinute } from './calendar.ts';
import { type CalendarLease, LeaseBlock } from './LeaseBlock.tsx';

interface Props {
  dayStart: number;
  dayEnd: number;
  label: string;
  items: readonly CalendarLease[];
  /** The range about to be booked, drawn dashed. */
  draft: { from: number; until: number } | undefined;
  selectedId: number | undefined;
  conflictIds: readonly number[];
  grainMs: number;
  now: number;
  onOpen: (id: number) => void;
  onSelectRange: (from: number, until: number) => void;
}

/**
 * One day of the calendar. Dragging selects a range, snapped to the grain (pointer events:
 * mouse, pen and touch alike); a click on free time selects one grain, on a lease opens it.
 */
export function DayColumn(props: Props) {
  const { dayStart, dayEnd, label, items, draft, grainMs, now } = props;
  const column = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ anchor: number; current: number } | undefined>(undefined);
  const segments = useMemo(() => daySegments(items, dayStart, dayEnd), [items, dayStart, dayEnd]);

  const timeAt = (event: PointerEvent): number => {
    const rect = (column.current as HTMLDivElement).getBoundingClientRect();
    const minute = Math.min(
      DAY_MINUTES,
      Math.max(0, ((event.clientY - rect.top) / rect.height) * DAY_MINUTES),
    );
    return Math.min(dayEnd - grainMs, snap(timeAtMinute(dayStart, minute), grainMs, 'floor'));
  };
  // A press becomes a selection once it moves, so one can drag across other slices' leases;
  // a press on a lease that does not move is a click that opens it.
  const press = useRef<{ anchor: number; y: number; pointerId: number } | undefined>(undefined);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    const onLease = (event.target as Element).closest('.lease-block') !== null;
    const at = timeAt(event);
    press.current = { anchor: at, y: event.clientY, pointerId: event.pointerId };
    if (onLease) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ anchor: at, current: at });
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const pressed = press.current;
    if (!pressed) return;
    if (!drag) {
      if (Math.abs(event.clientY - pressed.y) < 4) return;
      event.currentTarget.setPointerCapture(pressed.pointerId);
      setDrag({ anchor: pressed.anchor, current: timeAt(event) });
      return;
    }
    const at = timeAt(event);
    if (at !== drag.current) setDrag({ ...drag, current: at });
  };
  const onPointerUp = () => {
    press.current = undefined;
    if (!drag) return;
    setDrag(undefined);
    const from = Math.min(drag.anchor, drag.current);
    const until = Math.min(dayEnd, Math.max(drag.anchor, drag.current) + grainMs);
    props.onSelectRange(from, until);
  };

  const box = (from: number, until: number) => {
    const top = minuteOfDay(from, dayStart, dayEnd);
    const bottom = minuteOfDay(until, dayStart, dayEnd);
    return { top: `calc(${top} * var(--minute))`, height: `calc(${bottom - top} * var(--minute))` };
  };
  const selecting = drag && {
    from: Math.min(drag.anchor, drag.current),
    until: Math.max(drag.anchor, drag.current) + grainMs,
  };
  const shownDraft = !selecting && draft && draft.from < dayEnd && draft.until > dayStart ? draft : undefined;

  return (
    // biome-ignore lint/a11y/useSemanticElements: a day is a group of leases, not a form's fieldset
    <div
      ref={column}
      className={`day${now >= dayStart && now < dayEnd ? ' is-today' : ''}`}
      role="group"
      aria-label={label}
      data-day-start={new Date(dayStart).toISOString()}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        press.current = undefined;
        setDrag(undefined);
      }}
    >
      {now > dayStart && <div className="day-past" style={box(dayStart, Math.min(now, dayEnd))} />}
      {segments.map((segment) => (
        <LeaseBlock
          key={segment.item.id}
          segment={segment}
          selected={segment.item.id === props.selectedId}
          conflict={props.conflictIds.includes(segment.item.id)}
          onOpen={props.onOpen}
        />
      ))}
      {selecting && <div className="range-box is-selecting" style={box(selecting.from, selecting.until)} />}
      {shownDraft && (
        <div className="range-box is-draft" style={box(shownDraft.from, shownDraft.until)}>
          <span>New lease</span>
        </div>
      )}
      {now >= dayStart && now < dayEnd && (
        <div className="now-line" style={box(now, now)} role="presentation" title="Now" />
      )}
    </div>
  );
}
