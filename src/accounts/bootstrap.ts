import { timingSafeEqual } from 'node:crypto';
import { RigError } from '../lib/errors.ts';
import type { User } from './schema.ts';
import { newToken } from './secrets.ts';
import type { Users } from './users.ts';

/**
 * First start: while no admin exists, a one-time token lets the operator create the first
 * one (`POST /api/v1/auth/bootstrap`). It lives in memory only, is shown on the console
 * (never written to the log file) and dies when used or when an admin appears otherwise
 * (`rig admin create`).
 */
export class BootstrapToken {
  private token: string | undefined;

  constructor(private readonly users: Users) {}

  /** A new token if there is no admin yet, else undefined. */
  async prepare(): Promise<string | undefined> {
    this.token = (await this.users.adminCount()) === 0 ? newToken() : undefined;
    return this.token;
  }

  async consume(
    token: string,
    admin: { name: string; password: string; display_name?: string | undefined },
  ): Promise<User> {
    const expected = this.token;
    const matches =
      expected !== undefined &&
      token.length === expected.length &&
      timingSafeEqual(Buffer.from(token), Buffer.from(expected));
    if (!matches) throw new RigError('RIG_ERR_FORBIDDEN', 'invalid or used bootstrap token');
    // Cleared before any await: of two concurrent calls, one only gets this far.
    this.token = undefined;
    if ((await this.users.adminCount()) > 0)
      throw new RigError('RIG_ERR_FORBIDDEN', 'an admin exists already');
    const { user } = await this.users.create({ ...admin, role: 'admin' });
    return user;
  }
}
