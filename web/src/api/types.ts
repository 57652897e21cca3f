/**
 * The accounts and leases contracts as the dashboard sees them: type-only imports of the
 * server's own schemas, so a change there breaks this build rather than the page.
 */
import type { z } from 'zod';
import type {
  Me as MeSchema,
  Role,
  Scope,
  Slice,
  TokenCreated as TokenCreatedSchema,
  TokenInfo,
  User,
  UserCreated as UserCreatedSchema,
} from '../../../src/accounts/schema.ts';
import type { Lease, LeaseCreate, LeaseUpdate } from '../../../src/leases/schema.ts';

export type Me = z.infer<typeof MeSchema>;
export type TokenCreated = z.infer<typeof TokenCreatedSchema>;
export type UserCreated = z.infer<typeof UserCreatedSchema>;
export type RoleName = z.infer<typeof Role>;
export type ScopeName = z.infer<typeof Scope>;
export type { Lease, LeaseCreate, LeaseUpdate, Slice, TokenInfo, User };

export interface LoginAnswer {
  user: User;
  csrf: string;
  expires_at: string;
}

/**
 * An SSH key as GET /api/v1/keys answers (src/accounts/ssh-keys/schema.ts). Written out:
 * that schema imports the key parser, which needs node:crypto, which this build lacks.
 */
export interface SshKey {
  id: number;
  user: string;
  algorithm: string;
  bits: number;
  fingerprint: string;
  comment: string;
  public_key: string;
  created_at: string;
}
