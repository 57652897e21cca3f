import { ApiError } from '../api/client.ts';
import { formatNodeSet } from './nodes.ts';

/** The leases a 409 names (src/leases/conflict.ts: details.lease and details.conflicts). */
export function conflictIds(error: unknown): number[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  const details = (error.details ?? {}) as { lease?: { id?: unknown } | number; conflicts?: unknown };
  const ids = Array.isArray(details.conflicts)
    ? details.conflicts.filter((id) => typeof id === 'number')
    : [];
  const first = typeof details.lease === 'number' ? details.lease : details.lease?.id;
  if (typeof first === 'number' && !ids.includes(first)) ids.unshift(first);
  return ids;
}

/** The grain a 400 of misaligned times names (src/leases/time.ts: details.grainSeconds), in ms. */
export function grainOf(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const seconds = (error.details as { grainSeconds?: unknown } | undefined)?.grainSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
}

const when = new Intl.DateTimeFormat(undefined, {
  hourCycle: 'h23',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * A refused overlap told in the user's time zone: "Overlaps lease 12 of slice apollo (Thu 26
 * Nov 14:00 → 15:30) on node 4." Other errors are returned as they are.
 */
export function readableError(error: Error | undefined): Error | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return error;
  const details = (error.details ?? {}) as {
    lease?: { id?: number; slice?: string; t_from?: string; t_until?: string };
    nodes?: Array<number | string> | 'all';
    conflicts?: unknown[];
  };
  const lease = details.lease;
  if (typeof lease?.id !== 'number' || !lease.t_from || !lease.t_until) return error;
  const nodes =
    details.nodes === 'all'
      ? ' on the whole testbed'
      : Array.isArray(details.nodes) && details.nodes.length
        ? ` on ${details.nodes.length === 1 ? 'node' : 'nodes'} ${formatNodeSet(details.nodes)}`
        : '';
  const others = (details.conflicts?.length ?? 1) - 1;
  const more = others > 0 ? ` It overlaps ${others} other lease${others === 1 ? '' : 's'} too.` : '';
  return new Error(
    `Overlaps lease ${lease.id} of slice ${lease.slice} (${when.format(Date.parse(lease.t_from))} → ${when.format(Date.parse(lease.t_until))})${nodes}.${more}`,
  );
}
