import { z } from 'zod';
import { SliceName } from '../accounts/schema.ts';
import { DeviceId } from '../lib/device-ref.ts';

/**
 * The contract of leases: a slice books a set of nodes, or the whole testbed, for a time
 * range aligned to `leases.grainSeconds`. Times are ISO-8601 UTC.
 */

const isoTime = z.iso.datetime({ offset: true }).describe('ISO-8601 time, e.g. 2026-11-22T14:00:00Z');

export const Lease = z
  .strictObject({
    id: z.number().int(),
    slice: SliceName,
    slice_id: z.number().int(),
    whole: z.boolean().describe('The whole testbed: every node, present and future'),
    nodes: z.array(DeviceId).describe('Node ids (empty when whole)'),
    t_from: z.string(),
    t_until: z.string(),
    created_by: z.string().nullable().describe('User name of who booked it'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Lease' });
export type Lease = z.infer<typeof Lease>;

export const LeaseCreate = z
  .strictObject({
    slice: SliceName,
    nodes: z
      .union([z.literal('all'), z.array(DeviceId).min(1).max(10_000)])
      .describe('Node ids, or "all" for the whole testbed'),
    t_from: isoTime,
    t_until: isoTime,
  })
  .meta({ id: 'LeaseCreate' });
export type LeaseCreate = z.infer<typeof LeaseCreate>;

export const LeaseUpdate = z
  .strictObject({
    t_from: isoTime.optional().describe('A new start (only before the lease has started)'),
    t_until: isoTime.optional().describe('A new end: later extends, earlier shortens'),
  })
  .meta({ id: 'LeaseUpdate' });
export type LeaseUpdate = z.infer<typeof LeaseUpdate>;

export const LeaseListQuery = z.strictObject({
  slice: SliceName.optional(),
  node: z.string().max(128).optional().describe('Only leases that hold this node (integer id or name)'),
  after: z
    .string()
    .max(64)
    .optional()
    .describe('Only leases ending after: ISO time, `now`, `today` (default: local midnight) or `tomorrow`'),
  before: z
    .string()
    .max(64)
    .optional()
    .describe('Only leases starting before: ISO time, `now`, `today` or `tomorrow`'),
});
export type LeaseListQuery = z.infer<typeof LeaseListQuery>;

export const LeaseCurrentQuery = z.strictObject({
  node: z.string().min(1).max(128).describe('The node: integer id or name'),
});

export const LeasePath = z.strictObject({
  id: z.string().regex(/^\d{1,15}$/, 'a lease id (an integer)'),
});

/**
 * R2lab's LeaseRead, for the sidecar's `leases` category (sidecar-protocol.md §7.4);
 * `resource_id` is always 1, the testbed.
 */
export interface R2labLease {
  id: number;
  resource_id: number;
  slice_id: number;
  t_from: string;
  t_until: string;
  created_at: string;
  slice_name: string;
  /** Rig's addition: the node ids, or "all" for the whole testbed. */
  nodes: Lease['nodes'] | 'all';
}
