import { RigError } from '../lib/errors.ts';
import { checkAligned, shortIso, toIso } from './time.ts';

/** `leases.*` of the configuration. */
export interface LeaseLimits {
  grainSeconds: number;
  maxDurationHours: number;
  maxFutureBookings: number;
  maxAdvanceDays: number;
  powerOffAtEnd: boolean;
}

export interface ProposedTimes {
  from: number;
  until: number;
  /** Which of the two the caller gave (only those must be on the grain). */
  given: { from: boolean; until: boolean };
  /** The start is new or moves: it may not lie beyond `maxAdvanceDays`. */
  startMoves: boolean;
  /** The duration before a change: a user may always shorten, even a lease longer than allowed. */
  previousMs?: number;
}

/**
 * The checks every booking and change passes, whoever asks: times on the grain, in order,
 * not entirely past, not too far ahead (400); and for users (not operators or admins) the
 * longest duration (403, a limit of their role, like any other refusal of rights).
 */
export function checkTimes(times: ProposedTimes, now: number, limits: LeaseLimits, limited: boolean): void {
  const grainMs = limits.grainSeconds * 1000;
  if (times.given.from) checkAligned(times.from, grainMs, 't_from');
  if (times.given.until) checkAligned(times.until, grainMs, 't_until');
  if (times.from >= times.until) {
    throw new RigError(
      'RIG_ERR_VALIDATION',
      `t_from ${shortIso(toIso(times.from))} must come before t_until ${shortIso(toIso(times.until))}`,
    );
  }
  if (times.until <= now) {
    throw new RigError(
      'RIG_ERR_VALIDATION',
      `the lease would end at ${shortIso(toIso(times.until))}, in the past (now ${shortIso(toIso(now))})`,
    );
  }
  const horizon = now + limits.maxAdvanceDays * 86_400_000;
  if (times.startMoves && times.from > horizon) {
    throw new RigError(
      'RIG_ERR_VALIDATION',
      `t_from ${shortIso(toIso(times.from))} is more than ${limits.maxAdvanceDays} days ahead (leases.maxAdvanceDays)`,
      { maxAdvanceDays: limits.maxAdvanceDays },
    );
  }
  const hours = (times.until - times.from) / 3_600_000;
  const grows = times.previousMs === undefined || times.until - times.from > times.previousMs;
  if (limited && grows && hours > limits.maxDurationHours) {
    const shown = Math.round(hours * 100) / 100;
    throw new RigError(
      'RIG_ERR_FORBIDDEN',
      `a lease of ${shown} h is longer than users may book (${limits.maxDurationHours} h, leases.maxDurationHours); ask an operator`,
      { limit: 'maxDurationHours', max: limits.maxDurationHours },
    );
  }
}

/** 403 when a user already holds `maxFutureBookings` leases that have not ended. */
export function checkOpenBookings(open: number, limits: LeaseLimits): void {
  if (open < limits.maxFutureBookings) return;
  throw new RigError(
    'RIG_ERR_FORBIDDEN',
    `you already hold ${open} leases that have not ended, the most a user may (leases.maxFutureBookings = ${limits.maxFutureBookings}); cancel one first`,
    { limit: 'maxFutureBookings', max: limits.maxFutureBookings, open },
  );
}
