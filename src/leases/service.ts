import type { Kysely, Transaction } from 'kysely';
import type { Slice } from '../accounts/index.ts';
import type { RigBus } from '../bus/events.ts';
import { can, type Principal } from '../http/access.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { Clock } from '../lib/clock.ts';
import { idKey, parseIdSegment, type StatusId } from '../lib/device-ref.ts';
import { notFound, RigError } from '../lib/errors.ts';
import type { Tables } from '../store/tables.ts';
import { refuseOverlap } from './conflict.ts';
import { NodeAccess } from './node-access.ts';
import { toR2labLease } from './r2lab.ts';
import { checkOpenBookings, checkTimes, type LeaseLimits } from './rules.ts';
import {
  type Lease,
  type LeaseCreate,
  LeaseCreate as LeaseCreateSchema,
  type LeaseListQuery,
  type LeaseUpdate,
  type R2labLease,
} from './schema.ts';
import { countOpenBookings } from './store/count-open-bookings.ts';
import { deleteLease } from './store/delete-lease.ts';
import { insertLease } from './store/insert-lease.ts';
import { lockCalendar } from './store/lock-calendar.ts';
import { type LeaseFilter, type LeaseWithPhase, selectLeases } from './store/select-leases.ts';
import { updateLeaseTimes } from './store/update-lease-times.ts';
import { localMidnight, parseBound, parseIso, toIso } from './time.ts';

/** What leases need of the accounts: slices and their members. */
export interface SliceDirectory {
  get(name: string): Promise<Slice>;
  of(userId: number): Promise<Slice[]>;
}

const withoutPhase = ({ phase: _phase, ...lease }: LeaseWithPhase): Lease => lease;
const plural = (n: number, word: string) => `${word}${n === 1 ? '' : 's'}`;

/**
 * Bookings of nodes by slices. Every write runs in a transaction that first takes the
 * calendar's lock row, then checks overlaps, then writes: bookings are serialised on both
 * dialects, so two overlapping leases can never both be written. Nothing here holds lock
 * state in memory: who holds a node is read from the times, so no lock outlives its lease.
 */
export class LeaseService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly inventory: Pick<InventoryService, 'all'>,
    private readonly slices: SliceDirectory,
    private readonly clock: Clock,
    private readonly limits: LeaseLimits,
    /** Called after every change (the scheduler re-arms its timer). */
    private readonly changed: () => void = () => {},
  ) {
    const access = new NodeAccess(db, slices, clock);
    this.checkNodeAccess = access.check;
    this.checkStatusWrite = access.checkStatusWrite;
  }

  async list(query: LeaseListQuery = {}): Promise<Lease[]> {
    const now = this.clock.now();
    const filter: LeaseFilter = { endsAfter: toIso(parseBound(query.after ?? 'today', now, 'after')) };
    if (query.before !== undefined) filter.startsBefore = toIso(parseBound(query.before, now, 'before'));
    if (query.slice !== undefined) filter.slice = query.slice;
    if (query.node !== undefined) filter.nodeKey = idKey(parseIdSegment(query.node));
    return (await selectLeases(this.db, filter)).map(withoutPhase);
  }

  async get(id: number): Promise<Lease> {
    return withoutPhase(await this.row(this.db, id));
  }

  /** The lease that holds the node now, or null. */
  async current(node: StatusId): Promise<Lease | null> {
    const now = toIso(this.clock.now());
    const [lease] = await selectLeases(this.db, { nodeKey: idKey(node), startedBy: now, endsAfter: now });
    return lease ? withoutPhase(lease) : null;
  }

  /** Leases ending after local midnight today, in r2lab-api's LeaseRead format (the sidecar). */
  async r2lab(): Promise<R2labLease[]> {
    const endsAfter = toIso(localMidnight(this.clock.now()));
    return (await selectLeases(this.db, { endsAfter })).map(toR2labLease);
  }

  async book(principal: Principal, input: LeaseCreate): Promise<Lease> {
    // Callers inside Rig (the demo) get the same checks as the API.
    const parsed = LeaseCreateSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RigError('RIG_ERR_VALIDATION', `invalid lease: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    const data = parsed.data;
    const slice = await this.sliceFor(principal, data.slice);
    const whole = data.nodes === 'all';
    const nodeKeys = data.nodes === 'all' ? [] : await this.knownNodes(data.nodes);
    const now = this.clock.now();
    const from = parseIso(data.t_from, 't_from');
    const until = parseIso(data.t_until, 't_until');
    const limited = this.limited(principal);
    const given = { from: true, until: true };
    checkTimes({ from, until, given, startMoves: true }, now, this.limits, limited);
    const booking = { from: toIso(from), until: toIso(until), whole, nodeKeys };
    // The lease is read back in the transaction: the answer and the event are what committed.
    const lease = await this.db.transaction().execute(async (trx) => {
      await lockCalendar(trx);
      if (limited && principal.userId !== null) {
        checkOpenBookings(await countOpenBookings(trx, principal.userId, toIso(now)), this.limits);
      }
      await refuseOverlap(trx, booking);
      const id = await insertLease(
        trx,
        {
          slice_id: slice.id,
          t_from: booking.from,
          t_until: booking.until,
          whole: whole ? 1 : 0,
          created_by: principal.userId,
          created_at: toIso(now),
          updated_at: toIso(now),
        },
        nodeKeys,
      );
      return withoutPhase(await this.row(trx, id));
    });
    return this.announce(lease, 'created');
  }

  /** Extends or shortens (t_until), or moves the start of a lease that has not started. */
  async update(principal: Principal, id: number, change: LeaseUpdate): Promise<Lease> {
    await this.sliceFor(principal, (await this.get(id)).slice);
    const limited = this.limited(principal);
    const outcome = await this.db.transaction().execute(async (trx) => {
      await lockCalendar(trx);
      const lease = withoutPhase(await this.row(trx, id));
      const now = this.clock.now();
      this.refuseEnded(lease, now);
      const was = { from: Date.parse(lease.t_from), until: Date.parse(lease.t_until) };
      const from = change.t_from === undefined ? was.from : parseIso(change.t_from, 't_from');
      const until = change.t_until === undefined ? was.until : parseIso(change.t_until, 't_until');
      if (from === was.from && until === was.until) return { lease, updated: false };
      if (from !== was.from && was.from <= now) {
        throw new RigError(
          'RIG_ERR_CONFLICT',
          `lease ${id} has started; its start cannot move (change t_until, or cancel it)`,
          { lease: id },
        );
      }
      const given = { from: change.t_from !== undefined, until: change.t_until !== undefined };
      const proposed = {
        from,
        until,
        given,
        startMoves: from !== was.from,
        previousMs: was.until - was.from,
      };
      checkTimes(proposed, now, this.limits, limited);
      const booking = { from: toIso(from), until: toIso(until), whole: lease.whole, excludeId: id };
      await refuseOverlap(trx, { ...booking, nodeKeys: lease.nodes.map(idKey) });
      await updateLeaseTimes(trx, id, {
        t_from: booking.from,
        t_until: booking.until,
        updated_at: toIso(now),
      });
      return { lease: withoutPhase(await this.row(trx, id)), updated: true };
    });
    return outcome.updated ? this.announce(outcome.lease, 'updated') : outcome.lease;
  }

  /**
   * Cancels a lease: one that has not started is deleted (undefined); a running one ends now
   * and is returned (R2lab keeps the last grain boundary; Rig frees the nodes at once); an
   * ended one is refused (409).
   */
  async cancel(principal: Principal, id: number): Promise<Lease | undefined> {
    await this.sliceFor(principal, (await this.get(id)).slice);
    const outcome = await this.db.transaction().execute(async (trx) => {
      await lockCalendar(trx);
      const lease = withoutPhase(await this.row(trx, id));
      const now = this.clock.now();
      this.refuseEnded(lease, now);
      if (Date.parse(lease.t_from) > now) {
        await deleteLease(trx, id);
        return { deleted: lease };
      }
      await updateLeaseTimes(trx, id, { t_from: lease.t_from, t_until: toIso(now), updated_at: toIso(now) });
      return { shrunk: withoutPhase(await this.row(trx, id)) };
    });
    if (outcome.deleted) {
      this.announce(outcome.deleted, 'deleted');
      return undefined;
    }
    return this.announce(outcome.shrunk, 'updated');
  }

  /**
   * Acting on nodes (status writes now; power, reboot, images later): operators and admins
   * may; users only on nodes a current lease of one of their slices holds (RIG_ERR_FORBIDDEN
   * naming the others). A function, to be handed to other features as is.
   */
  readonly checkNodeAccess: NodeAccess['check'];
  /** The status write rule: operators any device; users the nodes they currently lease. */
  readonly checkStatusWrite: NodeAccess['checkStatusWrite'];

  /** The slice, if the principal may book for it: members, or anyone with 'lease:any'. */
  private async sliceFor(principal: Principal, name: string): Promise<Slice> {
    const slice = await this.slices.get(name);
    if (can(principal, 'lease:any') || slice.members.includes(principal.name)) return slice;
    throw new RigError('RIG_ERR_FORBIDDEN', `${principal.name} is not a member of slice ${name}`, {
      slice: name,
    });
  }

  /** Users have limits; operators and admins (who may book for any slice) do not. */
  private limited(principal: Principal): boolean {
    return !can(principal, 'lease:any');
  }

  private async knownNodes(ids: readonly StatusId[]): Promise<string[]> {
    const keys = [...new Set(ids.map(idKey))];
    const known = new Set((await this.inventory.all('node')).map((device) => idKey(device.id)));
    const unknown = keys.filter((key) => !known.has(key));
    if (unknown.length) {
      const shown = unknown.slice(0, 20).join(', ');
      throw new RigError(
        'RIG_ERR_VALIDATION',
        `unknown ${plural(unknown.length, 'node')} ${shown}${unknown.length > 20 ? ', …' : ''} (not in the inventory as nodes)`,
        { unknown: unknown.slice(0, 100).map((key) => JSON.parse(key) as StatusId) },
      );
    }
    return keys.sort();
  }

  private refuseEnded(lease: Lease, now: number): void {
    if (Date.parse(lease.t_until) > now) return;
    throw new RigError('RIG_ERR_CONFLICT', `lease ${lease.id} ended at ${lease.t_until}; it cannot change`, {
      lease: lease.id,
    });
  }

  private async row(db: Kysely<Tables> | Transaction<Tables>, id: number): Promise<LeaseWithPhase> {
    const [lease] = await selectLeases(db, { id });
    if (!lease) throw notFound(`lease ${id}`, { id });
    return lease;
  }

  private announce(lease: Lease, change: 'created' | 'updated' | 'deleted'): Lease {
    this.bus.emit('leaseChanged', { lease, change });
    this.changed();
    return lease;
  }
}
