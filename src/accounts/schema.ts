import { z } from 'zod';
import { roles, scopes } from '../http/access.ts';

/** The contract of accounts: users, tokens, slices, as the API and the CLI see them. */

export const Role = z.enum(roles).describe('admin: everything; operator: the lab; user: own slices');
export const Scope = z.enum(scopes).describe('read; write (act, book, own keys and tokens); admin');

export const UserName = z
  .string()
  .regex(
    /^[a-z][a-z0-9._-]{0,31}$/,
    'a login: lowercase letters, digits, . _ -, starting with a letter, ≤ 32',
  );

const Password = z.string().min(10, 'at least 10 characters').max(256).describe('At least 10 characters');

export const User = z
  .strictObject({
    id: z.number().int(),
    name: UserName,
    display_name: z.string(),
    email: z.string().nullable(),
    role: Role,
    disabled: z.boolean(),
    has_password: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

const displayName = z.string().min(1).max(256);
const email = z.email().max(256);

export const UserCreate = z
  .strictObject({
    name: UserName,
    display_name: displayName.optional(),
    email: email.nullable().optional(),
    role: Role.default('user'),
    password: Password.optional().describe('Omitted: a password is generated and returned once'),
  })
  .meta({ id: 'UserCreate' });
export type UserCreate = z.input<typeof UserCreate>;

export const UserUpdate = z
  .strictObject({
    display_name: displayName.optional(),
    email: email.nullable().optional(),
    role: Role.optional(),
    disabled: z
      .boolean()
      .optional()
      .describe('A disabled user cannot log in; its sessions and tokens stop working'),
    password: Password.optional().describe('Set a new password (an admin resetting it)'),
  })
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserCreated = z
  .strictObject({ user: User, password: z.string().optional().describe('Generated password, shown once') })
  .meta({ id: 'UserCreated' });

export const Login = z
  .strictObject({ name: z.string().min(1).max(64), password: z.string().min(1).max(256) })
  .meta({ id: 'Login' });

export const PasswordChange = z
  .strictObject({ current: z.string().min(1).max(256), password: Password })
  .meta({ id: 'PasswordChange' });

export const Bootstrap = z
  .strictObject({
    token: z.string().min(1).max(256).describe('The one-time bootstrap token printed at start-up'),
    name: UserName,
    password: Password,
    display_name: displayName.optional(),
  })
  .meta({ id: 'Bootstrap' });

export const TokenCreate = z
  .strictObject({
    name: z.string().min(1).max(128),
    scopes: z.array(Scope).min(1).max(3).default(['read', 'write']),
    days: z.number().positive().max(3650).optional().describe('Lifetime in days (default: auth.tokenDays)'),
  })
  .meta({ id: 'TokenCreate' });
export type TokenCreate = z.input<typeof TokenCreate>;

/** A login that returns an API token instead of a session (`rig login`). */
export const TokenLogin = z
  .strictObject({
    name: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
    token: TokenCreate,
  })
  .meta({ id: 'TokenLogin' });

export const TokenInfo = z
  .strictObject({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().describe('First characters of the token'),
    scopes: z.array(Scope),
    created_at: z.string(),
    expires_at: z.string().nullable(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'TokenInfo' });
export type TokenInfo = z.infer<typeof TokenInfo>;

export const TokenCreated = z
  .strictObject({ token: z.string().describe('The token, shown this once'), info: TokenInfo })
  .meta({ id: 'TokenCreated' });

export const SliceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'a slice name: lowercase letters, digits, . _ -, 2 to 63 characters');

export const Slice = z
  .strictObject({
    id: z.number().int(),
    name: SliceName,
    description: z.string(),
    members: z.array(UserName),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Slice' });
export type Slice = z.infer<typeof Slice>;

export const SliceCreate = z
  .strictObject({
    name: SliceName,
    description: z.string().max(2000).default(''),
    members: z.array(UserName).max(1000).default([]),
  })
  .meta({ id: 'SliceCreate' });
export type SliceCreate = z.input<typeof SliceCreate>;

export const SliceUpdate = z
  .strictObject({ description: z.string().max(2000).optional() })
  .meta({ id: 'SliceUpdate' });

export const Me = z
  .strictObject({
    user: User.nullable().describe('null when authentication is off'),
    role: Role,
    via: z.enum(['session', 'token', 'anonymous']),
    scopes: z.array(Scope),
    slices: z.array(SliceName),
    csrf: z.string().optional().describe('The CSRF token to send in x-rig-csrf (sessions only)'),
  })
  .meta({ id: 'Me' });
