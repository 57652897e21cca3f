import type { Logger } from 'pino';
import type { Principal } from '../http/access.ts';
import type { LeaseCreate, LeaseService } from '../leases/index.ts';
import type { Clock } from '../lib/clock.ts';
import { coerceError } from '../lib/errors.ts';

const HOUR = 3_600_000;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Local `hour`:00 `days` days from the day of `ms`. */
function localTime(ms: number, days: number, hour: number): number {
  const date = new Date(ms);
  date.setDate(date.getDate() + days);
  date.setHours(hour, 0, 0, 0);
  return date.getTime();
}

/**
 * A lively calendar for the demo: a lease running now, a few later today, the whole
 * testbed tomorrow morning, and more in the coming days. Booked once: not again while a
 * demo lease has not ended. Each is booked by its user, through the same rules as the API.
 */
export async function bookDemoLeases(
  leases: LeaseService,
  principals: ReadonlyMap<string, Principal>,
  deps: { clock: Clock; grainSeconds: number; logger: Logger },
): Promise<void> {
  const ahead = await leases.list({ after: 'now' });
  if (ahead.some((lease) => lease.slice.startsWith('demo_'))) return;
  const grain = deps.grainSeconds * 1000;
  const now = deps.clock.now();
  const up = (ms: number) => Math.ceil(ms / grain) * grain;
  const current = Math.floor(now / grain) * grain;
  const plan: Array<{
    who: string;
    slice: string;
    nodes: LeaseCreate['nodes'];
    from: number;
    until: number;
  }> = [
    { who: 'alice', slice: 'demo_alice', nodes: range(1, 8), from: current, until: up(current + 2 * HOUR) },
    {
      who: 'bob',
      slice: 'demo_alice',
      nodes: range(12, 16),
      from: up(now + HOUR / 2),
      until: up(now + 1.5 * HOUR),
    },
    {
      who: 'carol',
      slice: 'demo_carol',
      nodes: range(20, 27),
      from: up(now + HOUR),
      until: up(now + 4 * HOUR),
    },
    {
      who: 'alice',
      slice: 'demo_alice',
      nodes: 'all',
      from: up(localTime(now, 1, 9)),
      until: up(localTime(now, 1, 11)),
    },
    {
      who: 'carol',
      slice: 'demo_carol',
      nodes: range(1, 12),
      from: up(localTime(now, 2, 14)),
      until: up(localTime(now, 2, 17)),
    },
    {
      who: 'bob',
      slice: 'demo_alice',
      nodes: range(30, 37),
      from: up(localTime(now, 3, 10)),
      until: up(localTime(now, 3, 12)),
    },
  ];
  let booked = 0;
  for (const { who, slice, nodes, from, until } of plan) {
    const principal = principals.get(who);
    if (!principal) continue;
    try {
      const t_from = new Date(from).toISOString();
      await leases.book(principal, { slice, nodes, t_from, t_until: new Date(until).toISOString() });
      booked++;
    } catch (error) {
      // A calendar shaped by earlier bookings or a tight configuration: skip that one.
      deps.logger.warn({ err: coerceError(error), slice, who }, 'demo lease not booked');
    }
  }
  deps.logger.info({ booked }, 'demo leases booked');
}
