import type { Kysely } from 'kysely';
import { can, type Principal } from '../http/access.ts';
import type { Clock } from '../lib/clock.ts';
import { type DeviceKind, idKey, type StatusId } from '../lib/device-ref.ts';
import { RigError } from '../lib/errors.ts';
import type { Tables } from '../store/tables.ts';
import type { SliceDirectory } from './service.ts';
import { selectLeases } from './store/select-leases.ts';
import { toIso } from './time.ts';

/**
 * Who may act on nodes, read from the lease times at each call (no lock state): operators
 * and admins always; users only on nodes a current lease of one of their slices holds.
 */
export class NodeAccess {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly slices: Pick<SliceDirectory, 'of'>,
    private readonly clock: Clock,
  ) {}

  /** Resolves when the principal may act on every node; RIG_ERR_FORBIDDEN names the others. */
  readonly check = async (principal: Principal, nodeIds: readonly StatusId[]): Promise<void> => {
    if (can(principal, 'status:write')) return;
    const wanted = [...new Map(nodeIds.map((id) => [idKey(id), id])).entries()];
    if (!wanted.length) return;
    const slices = principal.userId === null ? [] : await this.slices.of(principal.userId);
    const now = toIso(this.clock.now());
    const sliceIds = slices.map((s) => s.id);
    const leases = await selectLeases(this.db, { sliceIds, startedBy: now, endsAfter: now });
    if (leases.some((lease) => lease.whole)) return;
    const held = new Set(leases.flatMap((lease) => lease.nodes.map(idKey)));
    const missing = wanted.filter(([key]) => !held.has(key)).map(([, id]) => id);
    if (!missing.length) return;
    throw new RigError(
      'RIG_ERR_FORBIDDEN',
      `${principal.name} holds no current lease on ${missing.length === 1 ? 'node' : 'nodes'} ${missing.join(', ')}`,
      { nodes: missing },
    );
  };

  /** The status write rule: operators any device; users the nodes they currently lease. */
  readonly checkStatusWrite = async (
    principal: Principal,
    kind: DeviceKind,
    ids: readonly StatusId[],
  ): Promise<void> => {
    if (can(principal, 'status:write')) return;
    if (kind !== 'node') {
      throw new RigError('RIG_ERR_FORBIDDEN', `only operators may write the status of ${kind} devices`);
    }
    await this.check(principal, ids);
  };
}
