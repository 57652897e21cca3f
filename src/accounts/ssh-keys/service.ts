import type { Kysely } from 'kysely';
import type { RigBus } from '../../bus/events.ts';
import { type Clock, isoTime } from '../../lib/clock.ts';
import { notFound, RigError } from '../../lib/errors.ts';
import type { Tables } from '../../store/tables.ts';
import { getUserByName } from '../store/users.ts';
import { checkComment, parsePublicKey } from './parse.ts';
import type { SliceKeys, SshKey, SshKeyCreate } from './schema.ts';
import {
  countKeys,
  deleteKey,
  getKey,
  insertKey,
  keysOfSlices,
  listKeys,
  ownerOfFingerprint,
} from './store.ts';

/** Enough for every laptop and token of one person; a bound on what one account can store. */
export const MAX_KEYS_PER_USER = 50;

/** Users' SSH public keys: parsed and checked on the way in, announced on the bus. */
export class SshKeys {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly clock: Clock,
  ) {}

  list(userId: number): Promise<SshKey[]> {
    return listKeys(this.db, userId);
  }

  /** The keys of the user of that name (admins). */
  async listOf(userName: string): Promise<SshKey[]> {
    const user = await getUserByName(this.db, userName);
    if (!user) throw notFound(`user ${userName}`, { name: userName });
    return listKeys(this.db, user.id);
  }

  /**
   * Adds a key to a user. A key belongs to one account: the same fingerprint on two would
   * blur who logged in with it (409 either way).
   */
  async add(userId: number, input: SshKeyCreate): Promise<SshKey> {
    const key = parsePublicKey(input.key);
    const comment = input.comment === undefined ? key.comment : checkComment(input.comment.trim());
    const owner = await ownerOfFingerprint(this.db, key.fingerprint);
    if (owner !== undefined) {
      const whose =
        owner === userId ? 'you already added this key' : 'this key is registered to another account';
      throw new RigError('RIG_ERR_DUPLICATE', `${whose} (${key.fingerprint})`, {
        fingerprint: key.fingerprint,
      });
    }
    if ((await countKeys(this.db, userId)) >= MAX_KEYS_PER_USER)
      throw new RigError('RIG_ERR_CONFLICT', `at most ${MAX_KEYS_PER_USER} keys per user; remove one first`);
    const id = await insertKey(this.db, {
      user_id: userId,
      algorithm: key.type,
      public_key: `${key.type} ${key.data}`,
      comment,
      fingerprint: key.fingerprint,
      bits: key.bits,
      created_at: isoTime(this.clock),
    });
    if (id === undefined)
      throw new RigError('RIG_ERR_DUPLICATE', `this key is already registered (${key.fingerprint})`, {
        fingerprint: key.fingerprint,
      });
    this.bus.emit('sshKeysChanged', { userId });
    return (await getKey(this.db, id))?.key as SshKey;
  }

  /** Removes a key; `owner` null: anyone's (admins), otherwise only that user's. */
  async remove(owner: number | null, id: number): Promise<SshKey> {
    const found = await getKey(this.db, id);
    if (!found || (owner !== null && found.userId !== owner)) throw notFound(`key ${id}`);
    if (!(await deleteKey(this.db, id))) throw notFound(`key ${id}`);
    this.bus.emit('sshKeysChanged', { userId: found.userId });
    return found.key;
  }

  /** The enabled members of these slices and their keys (the accounts export). */
  ofSlices(names: readonly string[]): Promise<SliceKeys[]> {
    return keysOfSlices(this.db, names);
  }
}
