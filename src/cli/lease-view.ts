import { RigClientError } from '../client/index.ts';
import type { Lease } from '../leases/schema.ts';
import type { DeviceId } from '../lib/device-ref.ts';
import { CliError } from './context.ts';
import { EXIT_REJECTED } from './exit-codes.ts';
import { compressIds } from './node-selection.ts';
import { formatDuration, formatLocal, formatSpan } from './times.ts';

/** Leases for people: nodes as ranges, times in the local time zone. */

export type LeaseState = 'now' | 'future' | 'past';

export function stateOf(lease: Pick<Lease, 't_from' | 't_until'>, now: number): LeaseState {
  if (Date.parse(lease.t_until) <= now) return 'past';
  return Date.parse(lease.t_from) <= now ? 'now' : 'future';
}

export const nodesOf = (lease: Pick<Lease, 'whole' | 'nodes'>): string =>
  lease.whole ? 'all' : compressIds(lease.nodes);

export const LEASE_HEADERS = ['ID', 'SLICE', 'NODES', 'FROM', 'UNTIL', 'STATE'];

export function leaseRow(lease: Lease, now: number): string[] {
  return [
    String(lease.id),
    lease.slice,
    nodesOf(lease),
    formatLocal(lease.t_from),
    formatLocal(lease.t_until),
    stateOf(lease, now),
  ];
}

/** `lease 12 of slice s1: nodes 1-5,9, 2026-11-23 14:00 → 16:00 (2h)` */
export function describeLease(lease: Lease): string {
  const length = Date.parse(lease.t_until) - Date.parse(lease.t_from);
  const nodes = lease.whole
    ? 'the whole testbed'
    : `${lease.nodes.length === 1 ? 'node' : 'nodes'} ${nodesOf(lease)}`;
  return `lease ${lease.id} of slice ${lease.slice}: ${nodes}, ${formatSpan(lease.t_from, lease.t_until)} (${formatDuration(length)})`;
}

interface ConflictDetails {
  lease?: { id?: unknown; slice?: unknown; t_from?: unknown; t_until?: unknown };
  nodes?: unknown;
}

/**
 * A 409 overlap restated in local time: `conflicts with lease 7 of slice s2 (… → …) on
 * nodes 3-4`; any other error is returned as it is.
 */
export function explainConflict(error: unknown): unknown {
  if (!(error instanceof RigClientError) || error.status !== 409) return error;
  const details = (error.details ?? {}) as ConflictDetails;
  const other = details.lease;
  if (
    typeof other?.id !== 'number' ||
    typeof other.t_from !== 'string' ||
    typeof other.t_until !== 'string'
  ) {
    return error;
  }
  const nodes = Array.isArray(details.nodes)
    ? ` on ${details.nodes.length === 1 ? 'node' : 'nodes'} ${compressIds(details.nodes as DeviceId[])}`
    : details.nodes === 'all'
      ? ' on the whole testbed'
      : '';
  const slice = typeof other.slice === 'string' ? ` of slice ${other.slice}` : '';
  return new CliError(
    `conflicts with lease ${other.id}${slice} (${formatSpan(other.t_from, other.t_until)})${nodes}`,
    EXIT_REJECTED,
  );
}
