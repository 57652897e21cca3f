import type { Generated } from 'kysely';

/**
 * Row types of every table, as the query layer sees them. JSON documents are stored as
 * text and parsed in the store modules (PostgreSQL would return jsonb parsed and SQLite
 * text), timestamps as ISO-8601 UTC text, which sorts the same on both dialects.
 */
export interface DevicesTable {
  kind: string;
  /** The id's JSON text: `12` or `"jaguar"`, so the id's type survives. */
  id: string;
  sort_key: string;
  name: string;
  model: string | null;
  tags: string;
  attributes: string;
  mac: string | null;
  ip: string | null;
  hostname: string | null;
  power: string | null;
  probe: string | null;
  /** Bumped by every change; updates compare it to detect a concurrent writer. */
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface DeviceTagsTable {
  kind: string;
  id: string;
  tag: string;
}

export interface LiveStatusTable {
  kind: string;
  id: string;
  /** First-seen order, which R2lab's files and dumps keep. */
  position: number;
  record: string;
  updated_at: string;
}

/** Booleans are integers 0/1: the same on both dialects. */
export interface UsersTable {
  id: Generated<number>;
  name: string;
  display_name: string;
  email: string | null;
  role: string;
  /** scrypt, see src/accounts/passwords.ts; null: no password login (tokens only). */
  password_hash: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session cookie: the cookie itself is never stored. */
  id: string;
  user_id: number;
  csrf: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  address: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 of the token: the token is shown once and never stored. */
  hash: string;
  /** The first characters, to recognise a token in lists. */
  prefix: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SshKeysTable {
  id: Generated<number>;
  user_id: number;
  algorithm: string;
  /** `<algorithm> <base64>`, without the comment. */
  public_key: string;
  comment: string;
  fingerprint: string;
  bits: number;
  created_at: string;
}

export interface SlicesTable {
  id: Generated<number>;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface SliceMembersTable {
  slice_id: number;
  user_id: number;
  added_at: string;
}

export interface LeasesTable {
  id: Generated<number>;
  slice_id: number;
  t_from: string;
  t_until: string;
  /** 1: the whole testbed, every node present and future. */
  whole: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** Announced so far: 0 not started, 1 started, 2 ended (migration 0006). */
  phase: Generated<number>;
}

export interface LeaseNodesTable {
  lease_id: number;
  /** The node's id as JSON text, as in devices.id. */
  node_id: string;
}

/** One row per calendar; a booking updates it first, which serialises bookings. */
export interface LeaseCalendarTable {
  id: string;
  version: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor: string;
  via: string;
  token_id: number | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  result: string;
  status: number | null;
  address: string | null;
  details: string;
}

export interface Tables {
  devices: DevicesTable;
  device_tags: DeviceTagsTable;
  live_status: LiveStatusTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  ssh_keys: SshKeysTable;
  slices: SlicesTable;
  slice_members: SliceMembersTable;
  leases: LeasesTable;
  lease_nodes: LeaseNodesTable;
  lease_calendar: LeaseCalendarTable;
  audit_log: AuditLogTable;
}
