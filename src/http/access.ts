/**
 * Who may call what. Every route declares its access in `config.access`; a route without
 * one cannot be registered (see server.ts), so no route escapes the policy.
 */
export const roles = ['user', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

export const scopes = ['read', 'write', 'admin'] as const;
export type Scope = (typeof scopes)[number];

export type Permission =
  /** Read anything but secrets and the audit log. */
  | 'read'
  /** Manage one's own password, SSH keys and API tokens. */
  | 'self'
  /** Book and change the leases of one's own slices. */
  | 'lease:book'
  /** Act on nodes: the handler also checks the current lease (operators pass it). */
  | 'node:act'
  | 'status:write'
  | 'inventory:write'
  | 'lease:any'
  | 'slices:manage'
  | 'audit:read'
  | 'users:manage';

const userPermissions: Permission[] = ['read', 'self', 'lease:book', 'node:act'];
const operatorPermissions: Permission[] = [
  ...userPermissions,
  'status:write',
  'inventory:write',
  'lease:any',
  'slices:manage',
  'audit:read',
];
const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  user: new Set(userPermissions),
  operator: new Set(operatorPermissions),
  admin: new Set<Permission>([...operatorPermissions, 'users:manage']),
};

/** What a token's scopes allow; a token can never do more than its owner's role. */
const scopePermissions: Record<Scope, readonly Permission[]> = {
  read: ['read'],
  write: ['read', 'self', 'lease:book', 'node:act', 'status:write', 'inventory:write', 'lease:any'],
  admin: ['slices:manage', 'audit:read', 'users:manage'],
};

export interface Principal {
  /** null for the anonymous principal of a server without authentication. */
  userId: number | null;
  name: string;
  role: Role;
  via: 'session' | 'token' | 'anonymous';
  scopes: readonly Scope[];
  tokenId?: number;
  sessionId?: string;
}

export function can(principal: Principal, permission: Permission): boolean {
  if (!rolePermissions[principal.role].has(permission)) return false;
  return principal.scopes.some((scope) => scopePermissions[scope].includes(permission));
}

/** `public`: anyone; `user`: any logged-in principal; a permission: principals that hold it. */
export type Access = 'public' | 'user' | Permission;

/** The principal of a server started with `auth.enabled: false`: anyone, as admin. */
export const anonymousAdmin: Principal = {
  userId: null,
  name: 'anonymous',
  role: 'admin',
  via: 'anonymous',
  scopes: scopes,
};

/**
 * Which credentials stopped being valid: one token, one session, the user's sessions but
 * one (a password change), or everything of the user (disabled, deleted, role changed).
 */
export interface Revocation {
  readonly userId: number;
  readonly tokenId?: number;
  readonly sessionId?: string;
  readonly sessionsOnly?: boolean;
  readonly keepSessionId?: string | undefined;
}

/** Whether a revocation ends a principal's credentials (to close its open connections). */
export function revokes(revocation: Revocation, principal: Principal): boolean {
  if (principal.userId !== revocation.userId) return false;
  if (revocation.tokenId !== undefined) return principal.tokenId === revocation.tokenId;
  if (revocation.sessionId !== undefined) return principal.sessionId === revocation.sessionId;
  if (revocation.sessionsOnly) {
    return principal.sessionId !== undefined && principal.sessionId !== revocation.keepSessionId;
  }
  return true;
}
