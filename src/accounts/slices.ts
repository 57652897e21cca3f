import type { Kysely } from 'kysely';
import type { RigBus } from '../bus/events.ts';
import { type Clock, isoTime } from '../lib/clock.ts';
import { notFound, RigError } from '../lib/errors.ts';
import type { Tables } from '../store/tables.ts';
import { type Slice, type SliceCreate, SliceCreate as SliceCreateSchema } from './schema.ts';
import {
  addMember,
  deleteSlice,
  firstLeaseOf,
  insertSlice,
  listSlices,
  removeMember,
  updateSlice,
} from './store/slices.ts';
import { getUserByName } from './store/users.ts';

/** Slices (R2lab's word for a project): named groups of users that hold leases. */
export class Slices {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly clock: Clock,
  ) {}

  list(): Promise<Slice[]> {
    return listSlices(this.db);
  }

  /** Slices the user is a member of. */
  of(userId: number): Promise<Slice[]> {
    return listSlices(this.db, { memberId: userId });
  }

  async get(name: string): Promise<Slice> {
    const [slice] = await listSlices(this.db, { names: [name] });
    if (!slice) throw notFound(`slice ${name}`, { name });
    return slice;
  }

  async create(input: SliceCreate): Promise<Slice> {
    const data = SliceCreateSchema.parse(input);
    const userIds = await this.userIds(data.members);
    const now = isoTime(this.clock);
    await this.db.transaction().execute(async (trx) => {
      const id = await insertSlice(trx, {
        name: data.name,
        description: data.description,
        created_at: now,
        updated_at: now,
      });
      if (id === undefined)
        throw new RigError('RIG_ERR_DUPLICATE', `slice ${data.name} already exists`, { name: data.name });
      for (const userId of userIds) await addMember(trx, id, userId, now);
    });
    return this.changed(data.name);
  }

  async update(name: string, change: { description?: string | undefined }): Promise<Slice> {
    const slice = await this.get(name);
    await updateSlice(this.db, slice.id, {
      ...(change.description !== undefined ? { description: change.description } : {}),
      updated_at: isoTime(this.clock),
    });
    return this.changed(name);
  }

  /** Deletes a slice; refused while it holds leases (they are its history). */
  async remove(name: string): Promise<void> {
    const slice = await this.get(name);
    const lease = await firstLeaseOf(this.db, slice.id);
    if (lease !== undefined)
      throw new RigError('RIG_ERR_CONFLICT', `slice ${name} has leases; cancel them first`, { lease });
    await deleteSlice(this.db, slice.id);
    this.bus.emit('sliceChanged', { slice, deleted: true });
  }

  async addMember(name: string, user: string): Promise<Slice> {
    const slice = await this.get(name);
    const [userId] = await this.userIds([user]);
    await addMember(this.db, slice.id, userId as number, isoTime(this.clock));
    return this.changed(name);
  }

  async removeMember(name: string, user: string): Promise<Slice> {
    const slice = await this.get(name);
    const [userId] = await this.userIds([user]);
    if (!(await removeMember(this.db, slice.id, userId as number))) {
      throw notFound(`member ${user} of slice ${name}`);
    }
    return this.changed(name);
  }

  private async changed(name: string): Promise<Slice> {
    const slice = await this.get(name);
    this.bus.emit('sliceChanged', { slice });
    return slice;
  }

  private async userIds(names: readonly string[]): Promise<number[]> {
    const ids: number[] = [];
    for (const name of new Set(names)) {
      const row = await getUserByName(this.db, name);
      if (!row) throw new RigError('RIG_ERR_VALIDATION', `no user named ${name}`, { user: name });
      ids.push(row.id);
    }
    return ids;
  }
}
