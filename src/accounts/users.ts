import type { Kysely } from 'kysely';
import type { RigBus } from '../bus/events.ts';
import { type Clock, isoTime } from '../lib/clock.ts';
import { notFound, RigError } from '../lib/errors.ts';
import type { Tables } from '../store/tables.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import { type User, type UserCreate, UserCreate as UserCreateSchema, type UserUpdate } from './schema.ts';
import { newPassword } from './secrets.ts';
import { rowToUser, type UserRow } from './store/rows.ts';
import { deleteUserSessions } from './store/sessions.ts';
import { countAdmins, deleteUser, getUserByName, insertUser, listUsers, updateUser } from './store/users.ts';

/** Users: creation, changes, password checks. Sessions and tokens are in credentials.ts. */
export class Users {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<User[]> {
    return (await listUsers(this.db)).map(rowToUser);
  }

  async get(name: string): Promise<User> {
    return rowToUser(await this.row(name));
  }

  /** Creates a user; without a password, one is generated and returned once. */
  async create(input: UserCreate): Promise<{ user: User; password?: string }> {
    const data = UserCreateSchema.parse(input);
    const generated = data.password === undefined ? newPassword() : undefined;
    const now = isoTime(this.clock);
    const row = await insertUser(this.db, {
      name: data.name,
      display_name: data.display_name ?? data.name,
      email: data.email ?? null,
      role: data.role,
      password_hash: await hashPassword(data.password ?? (generated as string)),
      disabled: 0,
      created_at: now,
      updated_at: now,
    });
    if (!row)
      throw new RigError('RIG_ERR_DUPLICATE', `user ${data.name} already exists`, { name: data.name });
    const user = rowToUser(row);
    this.bus.emit('userCreated', { user });
    return generated ? { user, password: generated } : { user };
  }

  /** Changes a user; `keepSession` survives the end of sessions a new password causes. */
  async update(name: string, change: UserUpdate, keepSession?: string): Promise<User> {
    const previousRow = await this.row(name);
    const previous = rowToUser(previousRow);
    const losesAdmin =
      previous.role === 'admin' && ((change.role && change.role !== 'admin') || change.disabled);
    if (losesAdmin && !previous.disabled) await this.keepOneAdmin(name);
    const row = await updateUser(this.db, previous.id, {
      ...(change.display_name !== undefined ? { display_name: change.display_name } : {}),
      ...(change.email !== undefined ? { email: change.email } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
      ...(change.password !== undefined ? { password_hash: await hashPassword(change.password) } : {}),
      updated_at: isoTime(this.clock),
    });
    if (!row) throw notFound(`user ${name}`);
    const user = rowToUser(row);
    // A new password, a lost role or a disabled account ends every open session.
    const lostRights = change.disabled || (change.role !== undefined && change.role !== previous.role);
    if (lostRights || change.password !== undefined) {
      await deleteUserSessions(this.db, user.id, keepSession);
      // A new password ends sessions; lost rights end tokens too (and open connections).
      this.bus.emit(
        'credentialsRevoked',
        lostRights
          ? { userId: user.id }
          : { userId: user.id, sessionsOnly: true, keepSessionId: keepSession },
      );
    }
    this.bus.emit('userUpdated', { user, previous });
    return user;
  }

  async remove(name: string): Promise<void> {
    const user = rowToUser(await this.row(name));
    if (user.role === 'admin' && !user.disabled) await this.keepOneAdmin(name);
    await deleteUser(this.db, user.id);
    this.bus.emit('credentialsRevoked', { userId: user.id });
    this.bus.emit('userDeleted', { user });
  }

  /**
   * Checks a login. Unknown users cost the same time as wrong passwords, and failures are
   * throttled per name and per address (429).
   */
  async verify(name: string, password: string, address: string): Promise<User> {
    this.throttle.check(name, address);
    const row = await getUserByName(this.db, name);
    const ok = await verifyPassword(password, row?.password_hash ?? decoyHash);
    if (!row || !ok || Number(row.disabled) === 1) {
      this.throttle.failed(name, address);
      throw new RigError('RIG_ERR_UNAUTHENTICATED', 'wrong user name or password');
    }
    this.throttle.succeeded(name);
    return rowToUser(row);
  }

  /** The caller's own change: its other sessions end, the one it uses (if any) stays. */
  async changePassword(
    name: string,
    current: string,
    password: string,
    address: string,
    sessionId?: string,
  ): Promise<void> {
    await this.verify(name, current, address);
    await this.update(name, { password }, sessionId);
  }

  async adminCount(): Promise<number> {
    return countAdmins(this.db);
  }

  private async keepOneAdmin(name: string): Promise<void> {
    if ((await countAdmins(this.db)) <= 1) {
      throw new RigError('RIG_ERR_CONFLICT', `${name} is the last admin; make another admin first`);
    }
  }

  private async row(name: string): Promise<UserRow> {
    const row = await getUserByName(this.db, name);
    if (!row) throw notFound(`user ${name}`, { name });
    return row;
  }
}
