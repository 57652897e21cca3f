/**
 * Times as people type them, in the local time zone: `14:00`, `tomorrow 9:00`,
 * `2026-11-23 14:00`, `+30m`, `now`, or a full ISO time with its zone. Durations: `2h`,
 * `90m`, `1h30m`, `1d`.
 */

const MINUTE = 60_000;
const units: Record<string, number> = { d: 1440 * MINUTE, h: 60 * MINUTE, m: MINUTE };

/** A duration in milliseconds, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?[dhm])+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([dhm])/g)) {
    total += Number(amount) * (units[unit as string] as number);
  }
  return Math.round(total);
}

export interface ParsedTime {
  date: Date;
  /** Only a time of day was given (`14:00`): callers may roll it over to the next day. */
  timeOfDay: boolean;
  /** Relative to now (`now`, `+30m`): callers may round it to the server's grain. */
  relative?: boolean;
}

const clock = /^(\d{1,2})(?::(\d{2}))?$/;
const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function atClock(day: Date, text: string): Date | undefined {
  const match = clock.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  // `14` alone is not a time (it reads like a node or a count); `14:00` is.
  if (match[2] === undefined || hours > 23 || minutes > 59) return undefined;
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes);
}

function localDay(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  // 2026-02-30 would silently become March 2.
  return date.getMonth() === month - 1 && date.getDate() === day ? date : undefined;
}

/** The same local time of day, `days` later (not 24 h: a day may have 23 or 25). */
export const addDays = (d: Date, days: number): Date =>
  new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, d.getHours(), d.getMinutes());

/**
 * Parses a time; `base` is the day a bare time of day falls on (default: today). Undefined
 * when the text is not a time.
 */
export function parseTime(text: string, now: Date, base: Date = now): ParsedTime | undefined {
  const trimmed = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (trimmed === 'now') return { date: new Date(now), timeOfDay: false, relative: true };
  if (trimmed.startsWith('+')) {
    const duration = parseDuration(trimmed.slice(1));
    return duration === undefined
      ? undefined
      : { date: new Date(now.getTime() + duration), timeOfDay: false, relative: true };
  }
  if (isoWithZone.test(trimmed)) {
    const date = new Date(text.trim());
    return Number.isNaN(date.getTime()) ? undefined : { date, timeOfDay: false };
  }
  const bare = atClock(base, trimmed);
  if (bare) return { date: bare, timeOfDay: true };
  const [dayText = '', clockText, ...rest] = trimmed.replace(/^(\d{4}-\d{2}-\d{2})t/, '$1 ').split(' ');
  if (rest.length) return undefined;
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const day = dayText === 'today' ? today : dayText === 'tomorrow' ? addDays(today, 1) : localDay(dayText);
  if (!day) return undefined;
  if (clockText === undefined) return { date: day, timeOfDay: false };
  const date = atClock(day, clockText);
  return date ? { date, timeOfDay: false } : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-23 14:00` in the local time zone. */
export function formatLocal(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A lease's span for people: `2026-11-23 14:00 → 16:00` (the date again only if it changes). */
export function formatSpan(from: string, until: string): string {
  const [a, b] = [formatLocal(from), formatLocal(until)];
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} → ${b.slice(11)}` : `${a} → ${b}`;
}

/** `2h`, `1h30m`, `3d4h`: a duration for people. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  const parts: string[] = [];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes % 60 || !parts.length) parts.push(`${minutes % 60}m`);
  return parts.join('');
}

export const TIME_FORMS = '14:00, tomorrow 9:00, 2026-11-23 14:00, +30m, now, or an ISO time';
