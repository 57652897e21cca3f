import type { Kysely, Transaction } from 'kysely';
import { idFromKey, idSortKey } from '../../lib/device-ref.ts';
import type { Tables } from '../../store/tables.ts';
import type { Lease } from '../schema.ts';

export type Db = Kysely<Tables> | Transaction<Tables>;

/** Which leases to read; every condition given must hold. Times are stored ISO text. */
export interface LeaseFilter {
  id?: number;
  slice?: string;
  sliceIds?: readonly number[];
  /** Holding this node (its JSON text), or the whole testbed. */
  nodeKey?: string;
  /** t_until > this. */
  endsAfter?: string;
  /** t_from < this. */
  startsBefore?: string;
  /** t_from <= this. */
  startedBy?: string;
  /** Due for the scheduler at this time: not yet announced started, or ended. */
  dueAt?: string;
}

/** A lease with its `phase` (how far its life has been announced, see migration 0006). */
export type LeaseWithPhase = Lease & { phase: number };

const CHUNK = 500;

/** Node ids in listing order (integers first, numerically), each sort key computed once. */
function sortedIds(keys: readonly string[]): Lease['nodes'] {
  return keys
    .map((key) => {
      const id = idFromKey(key) as Lease['nodes'][number];
      return { id, sort: idSortKey(id) };
    })
    .sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0))
    .map((entry) => entry.id);
}

/** Leases matching the filter, ordered by start then id, with their nodes. */
export async function selectLeases(db: Db, filter: LeaseFilter = {}): Promise<LeaseWithPhase[]> {
  let query = db
    .selectFrom('leases')
    .innerJoin('slices', 'slices.id', 'leases.slice_id')
    .leftJoin('users', 'users.id', 'leases.created_by')
    .select([
      'leases.id',
      'leases.slice_id',
      'slices.name as slice',
      'leases.t_from',
      'leases.t_until',
      'leases.whole',
      'users.name as created_by',
      'leases.created_at',
      'leases.updated_at',
      'leases.phase',
    ])
    .orderBy('leases.t_from')
    .orderBy('leases.id');
  if (filter.id !== undefined) query = query.where('leases.id', '=', filter.id);
  if (filter.slice !== undefined) query = query.where('slices.name', '=', filter.slice);
  if (filter.sliceIds) {
    query = query.where('leases.slice_id', 'in', filter.sliceIds.length ? [...filter.sliceIds] : [-1]);
  }
  if (filter.endsAfter !== undefined) query = query.where('leases.t_until', '>', filter.endsAfter);
  if (filter.startsBefore !== undefined) query = query.where('leases.t_from', '<', filter.startsBefore);
  if (filter.startedBy !== undefined) query = query.where('leases.t_from', '<=', filter.startedBy);
  const { nodeKey, dueAt } = filter;
  if (nodeKey !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('leases.whole', '=', 1),
        eb.exists(
          eb
            .selectFrom('lease_nodes')
            .select('lease_nodes.lease_id')
            .whereRef('lease_nodes.lease_id', '=', 'leases.id')
            .where('lease_nodes.node_id', '=', nodeKey),
        ),
      ]),
    );
  }
  if (dueAt !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('leases.phase', '=', 0), eb('leases.t_from', '<=', dueAt)]),
        eb.and([eb('leases.phase', '<', 2), eb('leases.t_until', '<=', dueAt)]),
      ]),
    );
  }
  const rows = await query.execute();
  const nodes = new Map<number, string[]>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const ids = rows.slice(i, i + CHUNK).map((r) => r.id);
    const found = await db
      .selectFrom('lease_nodes')
      .select(['lease_id', 'node_id'])
      .where('lease_id', 'in', ids)
      .execute();
    for (const { lease_id, node_id } of found) {
      const list = nodes.get(lease_id) ?? [];
      list.push(node_id);
      nodes.set(lease_id, list);
    }
  }
  return rows.map((row) => ({
    id: row.id,
    slice: row.slice,
    slice_id: row.slice_id,
    whole: Number(row.whole) === 1,
    nodes: sortedIds(nodes.get(row.id) ?? []),
    t_from: row.t_from,
    t_until: row.t_until,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
    phase: Number(row.phase),
  }));
}
