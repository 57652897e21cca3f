import { createHash, randomBytes } from 'node:crypto';

/** API tokens: `rig_` and 32 random bytes; only their SHA-256 is stored. */
export function newToken(): string {
  return `rig_${randomBytes(32).toString('base64url')}`;
}

/** Session cookies and CSRF tokens: 32 random bytes. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of a token or cookie. A plain SHA-256 suffices: these are 256-bit random
 * values, not passwords, and a lookup by hash must be an index hit.
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What lists show of a token: enough to recognise it, useless to use it. */
export const tokenPrefix = (token: string): string => token.slice(0, 10);

/** A password for generated accounts (bootstrap, demo): 18 characters, easy to copy. */
export function newPassword(): string {
  return randomBytes(14).toString('base64url').slice(0, 18);
}
