/**
 * The arithmetic of the week calendar, in the browser's local time: weeks start on Monday,
 * a lease is drawn as one segment per day it covers, side by side where they overlap.
 * Pure functions (no DOM), tested in test/dashboard/calendar.test.ts.
 */

export const DAY_MINUTES = 24 * 60;

/** Monday 00:00 (local) of the week holding `ms`. */
export function weekStart(ms: number): number {
  const date = new Date(ms);
  const sinceMonday = (date.getDay() + 6) % 7;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() - sinceMonday).getTime();
}

/** Local midnight `days` days after the local midnight `ms` (DST-safe: by calendar, not by 24 h). */
export function addDays(ms: number, days: number): number {
  const date = new Date(ms);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days).getTime();
}

/** The local midnights of the 7 days of the week starting at `start`, and the next Monday. */
export function weekDays(start: number): number[] {
  return Array.from({ length: 8 }, (_, i) => addDays(start, i));
}

/** Aligns a time to the lease grain, as the server requires. */
export function snap(ms: number, grainMs: number, mode: 'floor' | 'ceil' | 'round'): number {
  return Math[mode](ms / grainMs) * grainMs;
}

/** Minutes since the local midnight of the day `dayStart`, on the wall clock (0…1440). */
export function minuteOfDay(ms: number, dayStart: number, dayEnd: number): number {
  if (ms <= dayStart) return 0;
  if (ms >= dayEnd) return DAY_MINUTES;
  const date = new Date(ms);
  return date.getHours() * 60 + date.getMinutes() + date.getSeconds() / 60;
}

/** The time at a wall-clock minute of the day (the inverse of minuteOfDay). */
export function timeAtMinute(dayStart: number, minute: number): number {
  const day = new Date(dayStart);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), 0, minute).getTime();
}

export interface Span {
  id: number;
  from: number;
  until: number;
}

export interface Segment<T extends Span> {
  item: T;
  /** Minutes of the day, 0…1440. */
  top: number;
  bottom: number;
  /** The item began on an earlier day / goes on after this one. */
  continuesBefore: boolean;
  continuesAfter: boolean;
  lane: number;
  lanes: number;
}

/**
 * The parts of `items` that fall in one day, laid out in lanes: items that overlap in time
 * sit side by side, each cluster of overlapping items sharing the width equally.
 */
export function daySegments<T extends Span>(
  items: readonly T[],
  dayStart: number,
  dayEnd: number,
): Segment<T>[] {
  const inDay = items
    .filter((item) => item.from < dayEnd && item.until > dayStart)
    .sort((a, b) => a.from - b.from || b.until - a.until || a.id - b.id);
  const segments: Segment<T>[] = [];
  let cluster: Segment<T>[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = Number.NEGATIVE_INFINITY;
  const closeCluster = () => {
    for (const segment of cluster) segment.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const item of inDay) {
    if (item.from >= clusterEnd) closeCluster();
    let lane = laneEnds.findIndex((end) => end <= item.from);
    if (lane === -1) lane = laneEnds.push(item.until) - 1;
    else laneEnds[lane] = item.until;
    clusterEnd = Math.max(clusterEnd, item.until);
    const segment: Segment<T> = {
      item,
      top: minuteOfDay(item.from, dayStart, dayEnd),
      bottom: minuteOfDay(item.until, dayStart, dayEnd),
      continuesBefore: item.from < dayStart,
      continuesAfter: item.until > dayEnd,
      lane,
      lanes: 1,
    };
    cluster.push(segment);
    segments.push(segment);
  }
  closeCluster();
  return segments;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-16T14:00`, the value of an `<input type="datetime-local">`, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The time of a datetime-local value (local time); NaN when empty or invalid. */
export function fromLocalInput(value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi).getTime();
}

/** `14:00`, local. */
export function hourMinute(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A duration as `2 h 30 min`. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}
