import type { Selectable } from 'kysely';
import type { Scope } from '../../http/access.ts';
import type { ApiTokensTable, UsersTable } from '../../store/tables.ts';
import type { TokenInfo, User } from '../schema.ts';

export type UserRow = Selectable<UsersTable>;
export type TokenRow = Selectable<ApiTokensTable>;

export function rowToUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    display_name: row.display_name,
    email: row.email,
    role: row.role as User['role'],
    disabled: Number(row.disabled) === 1,
    has_password: row.password_hash !== null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function rowToTokenInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as Scope[],
    created_at: row.created_at,
    expires_at: row.expires_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
}
