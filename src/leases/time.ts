import { RigError } from '../lib/errors.ts';

/**
 * Lease times. They are stored as `Date.toISOString()` text (always with milliseconds, UTC),
 * so that text order is time order on both dialects.
 */
export const toIso = (ms: number): string => new Date(ms).toISOString();

/** Milliseconds of an ISO time validated by the schema (with a `Z` or an offset). */
export function parseIso(value: string, field: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new RigError('RIG_ERR_VALIDATION', `${field}: not a time: ${value}`);
  return ms;
}

/** Local midnight of the day of `ms`, on the server (R2lab's `today`). */
export function localMidnight(ms: number, days = 0): number {
  const date = new Date(ms);
  date.setHours(0, 0, 0, 0);
  date.setDate(date.getDate() + days);
  return date.getTime();
}

export const floorToGrain = (ms: number, grainMs: number): number => Math.floor(ms / grainMs) * grainMs;
export const ceilToGrain = (ms: number, grainMs: number): number => Math.ceil(ms / grainMs) * grainMs;

/** Throws a 400 naming the nearest aligned times when `ms` is not on a grain boundary. */
export function checkAligned(ms: number, grainMs: number, field: string): void {
  if (ms % grainMs === 0) return;
  const before = shortIso(toIso(floorToGrain(ms, grainMs)));
  const after = shortIso(toIso(ceilToGrain(ms, grainMs)));
  throw new RigError(
    'RIG_ERR_VALIDATION',
    `${field} ${shortIso(toIso(ms))} is not on a ${grainMs / 1000} s boundary: use ${before} or ${after}`,
    { field, grainSeconds: grainMs / 1000, nearest: [before, after] },
  );
}

/**
 * A bound of a lease listing: an ISO time, `now`, `today` (local midnight) or `tomorrow`,
 * as r2lab-api accepts them.
 */
export function parseBound(value: string, now: number, field: string): number {
  if (value === 'now') return now;
  if (value === 'today') return localMidnight(now);
  if (value === 'tomorrow') return localMidnight(now, 1);
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || !Number.isFinite(ms)) {
    throw new RigError(
      'RIG_ERR_VALIDATION',
      `${field}: expected an ISO time, now, today or tomorrow, not ${JSON.stringify(value)}`,
      { field },
    );
  }
  return ms;
}

/** `2026-11-22T14:00:00.000Z` → `2026-11-22T14:00:00Z`, for messages. */
export const shortIso = (iso: string): string => iso.replace(/\.000Z$/, 'Z');
