import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import { api } from '../helpers/http.ts';
import type { TestRig } from '../helpers/rig.ts';

export type Scope = 'read' | 'write' | 'admin';
export type Role = 'user' | 'operator' | 'admin';

export const ALL_SCOPES: readonly Scope[] = ['read', 'write', 'admin'];
export const GRAIN_MS = 600_000;

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export const cookiesOf = (headers: Headers): string =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/** The SSH wire encoding: each part as a 4-byte length and its bytes. */
const wire = (...parts: Array<string | Buffer>) =>
  Buffer.concat(
    parts.flatMap((part) => {
      const bytes = typeof part === 'string' ? Buffer.from(part) : part;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );

/** A new ed25519 public key line, made in-process (faster than ssh-keygen for many keys). */
export function ed25519Line(comment = 'matrix'): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return `ssh-ed25519 ${wire('ssh-ed25519', raw).toString('base64')} ${comment}`;
}

/** Someone calling the API, and what the server should know of them. */
export interface Caller {
  label: string;
  headers: Record<string, string>;
  /** none: no credentials; invalid: credentials the server must refuse (garbage, revoked, expired). */
  auth: 'none' | 'invalid' | 'valid';
  user: string | undefined;
  password: string | undefined;
  role: Role | undefined;
  scopes: readonly Scope[];
  /** Slices the user is a member of. */
  slices: readonly string[];
  /** Authenticated by the session cookie, and whether it sends the CSRF header. */
  session: boolean;
  csrf: boolean;
  /** The same kind of credentials for a new user of the same role (for calls that end them). */
  fresh?: () => Promise<Caller>;
}

export const passwordOf = (user: string): string => `${user}-secret-pw`;

/** The seeded lab: users, slices, devices, leases, and the callers of the matrix. */
export class World {
  private counter = 0;
  readonly callers: Caller[] = [];
  /** A full-scope token of each seeded user, to prepare resources they own. */
  readonly tokens = new Map<string, string>();
  readonly leases = { currentA: 0, futureA: 0 };
  /** Start of the first grain of the bookings the matrix makes (a day ahead). */
  private readonly slotBase: number;
  private slotIndex = 0;

  constructor(readonly t: TestRig) {
    this.slotBase = Math.floor(Date.now() / GRAIN_MS) * GRAIN_MS + 144 * GRAIN_MS;
  }

  get root(): Record<string, string> {
    return bearer(this.t.adminToken);
  }

  unique(prefix: string): string {
    return `${prefix}-${++this.counter}`;
  }

  uniqueNumber(): number {
    return 10_000 + ++this.counter;
  }

  /** A call that must succeed (preparation, as root unless told). */
  async must(method: string, path: string, body?: unknown, headers = this.root) {
    const answer = await api(this.t.url, method, path, body, headers);
    expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
    return answer;
  }

  /** A free range of one grain (and room to extend it by one) on the booking node. */
  slot(): { t_from: string; t_until: string; extended: string } {
    const from = this.slotBase + 3 * GRAIN_MS * this.slotIndex++;
    const iso = (ms: number) => new Date(ms).toISOString();
    return { t_from: iso(from), t_until: iso(from + GRAIN_MS), extended: iso(from + 2 * GRAIN_MS) };
  }

  async user(role: Role = 'user', name = this.unique('scratch')): Promise<string> {
    await this.must('POST', '/api/v1/users', { name, role, password: passwordOf(name) });
    return name;
  }

  async token(user: string, scopes: readonly Scope[] = ALL_SCOPES, days?: number) {
    const token = { name: this.unique('tok'), scopes, ...(days === undefined ? {} : { days }) };
    const answer = await this.must('POST', '/api/v1/auth/token', {
      name: user,
      password: passwordOf(user),
      token,
    });
    return answer.body as { token: string; info: { id: number; expires_at: string } };
  }

  async session(user: string): Promise<{ cookie: string; csrf: string }> {
    const answer = await this.must('POST', '/api/v1/auth/login', { name: user, password: passwordOf(user) });
    return { cookie: cookiesOf(answer.headers), csrf: answer.body.csrf as string };
  }

  async slice(members: string[]): Promise<string> {
    const name = this.unique('sl');
    await this.must('POST', '/api/v1/slices', { name, members });
    return name;
  }

  /** A lease not yet started, on the booking node. */
  async futureLease(slice: string): Promise<{ id: number; extended: string }> {
    const { extended, ...times } = this.slot();
    const answer = await this.must('POST', '/api/v1/leases', { slice, nodes: [BOOKING_NODE], ...times });
    return { id: answer.body.id as number, extended };
  }

  async device(): Promise<number> {
    const id = this.uniqueNumber();
    await this.must('POST', '/api/v1/devices', { kind: 'node', id });
    return id;
  }

  async key(user: string): Promise<number> {
    const headers = bearer(this.tokens.get(user) as string);
    return (await this.must('POST', '/api/v1/keys', { key: ed25519Line() }, headers)).body.id as number;
  }

  async tokenId(user: string): Promise<number> {
    return (await this.token(user)).info.id;
  }

  /** A caller authenticated by an API token of `user`. */
  async tokenCaller(
    label: string,
    user: string,
    role: Role,
    scopes: readonly Scope[],
    slices: string[] = [],
  ) {
    const { token } = await this.token(user, scopes);
    const caller: Caller = {
      ...valid(label, user, role, scopes, slices),
      headers: bearer(token),
      fresh: async () => this.tokenCaller(label, await this.user(role), role, scopes),
    };
    return caller;
  }

  /** A caller authenticated by a dashboard session, sending the CSRF header or not. */
  async sessionCaller(label: string, user: string, csrf: boolean, slices: string[] = []): Promise<Caller> {
    const session = await this.session(user);
    return {
      ...valid(label, user, 'user', ALL_SCOPES, slices),
      headers: { cookie: session.cookie, ...(csrf ? { 'x-rig-csrf': session.csrf } : {}) },
      session: true,
      csrf,
      fresh: async () => this.sessionCaller(label, await this.user('user'), csrf),
    };
  }
}

/** The node the matrix books (never leased now, so status writes on it stay refused). */
export const BOOKING_NODE = 4;
export const SLICE_A = 'slice-a';
export const SLICE_B = 'slice-b';
export const PDU = 'pdu-1';

const valid = (label: string, user: string, role: Role, scopes: readonly Scope[], slices: string[]) => ({
  label,
  auth: 'valid' as const,
  user,
  password: passwordOf(user),
  role,
  scopes,
  slices,
  session: false,
  csrf: false,
});

const refused = (label: string, headers: Record<string, string>, auth: 'none' | 'invalid'): Caller => ({
  label,
  headers,
  auth,
  user: undefined,
  password: undefined,
  role: undefined,
  scopes: [],
  slices: [],
  session: false,
  csrf: false,
});

/**
 * Seeds the lab through the API with the admin token: u-member and u-web (slice A, which
 * holds a current lease on node 1 and a future one on node 2), u-other (slice B, no lease),
 * an operator, an admin, u-login (for the login routes); devices 1–4 and a pdu; a key and a
 * token per user. Then the callers: nobody, refused credentials, each role, scoped tokens,
 * sessions with and without the CSRF header.
 */
export async function seedWorld(t: TestRig): Promise<World> {
  const w = new World(t);
  for (const [name, role] of [
    ['u-member', 'user'],
    ['u-web', 'user'],
    ['u-other', 'user'],
    ['u-op', 'operator'],
    ['u-admin', 'admin'],
    ['u-login', 'user'],
  ] as const) {
    await w.user(role, name);
    w.tokens.set(name, (await w.token(name)).token);
    await w.key(name);
  }
  await w.must('POST', '/api/v1/slices', { name: SLICE_A, members: ['u-member', 'u-web'] });
  await w.must('POST', '/api/v1/slices', { name: SLICE_B, members: ['u-other'] });
  for (const id of [1, 2, 3, BOOKING_NODE]) await w.must('POST', '/api/v1/devices', { kind: 'node', id });
  await w.must('POST', '/api/v1/devices', { kind: 'pdu', id: PDU });
  const start = Math.floor(Date.now() / GRAIN_MS) * GRAIN_MS;
  const iso = (grains: number) => new Date(start + grains * GRAIN_MS).toISOString();
  const book = async (node: number, from: number, until: number) =>
    (
      await w.must('POST', '/api/v1/leases', {
        slice: SLICE_A,
        nodes: [node],
        t_from: iso(from),
        t_until: iso(until),
      })
    ).body.id as number;
  w.leases.currentA = await book(1, 0, 12);
  w.leases.futureA = await book(2, 24, 30);
  await w.must('POST', '/api/v1/status', { kind: 'node', records: [{ id: 1, available: 'ok' }] });

  const revoked = await w.token('u-admin');
  await w.must('DELETE', `/api/v1/tokens/${revoked.info.id}`);
  // About 0.9 s of life: expired by the time it is used (waited for below).
  const expired = await w.token('u-admin', ALL_SCOPES, 1e-5);
  const ended = await w.session('u-web');
  await w.must('POST', '/api/v1/auth/logout', undefined, { cookie: ended.cookie, 'x-rig-csrf': ended.csrf });

  w.callers.push(
    refused('nobody', {}, 'none'),
    refused('garbage token', bearer('rig_not-a-real-token-at-all'), 'invalid'),
    refused('Basic credentials', { authorization: 'Basic dS1hZG1pbjp4' }, 'invalid'),
    refused('revoked admin token', bearer(revoked.token), 'invalid'),
    refused('expired admin token', bearer(expired.token), 'invalid'),
    refused('ended session', { cookie: ended.cookie, 'x-rig-csrf': ended.csrf }, 'invalid'),
    await w.tokenCaller('member token', 'u-member', 'user', ALL_SCOPES, [SLICE_A]),
    await w.tokenCaller('other-slice token', 'u-other', 'user', ALL_SCOPES, [SLICE_B]),
    await w.tokenCaller('operator token', 'u-op', 'operator', ALL_SCOPES),
    await w.tokenCaller('operator read+write token', 'u-op', 'operator', ['read', 'write']),
    await w.tokenCaller('admin token', 'u-admin', 'admin', ALL_SCOPES),
    await w.tokenCaller('admin read-only token', 'u-admin', 'admin', ['read']),
    await w.sessionCaller('member session + CSRF', 'u-web', true, [SLICE_A]),
    await w.sessionCaller('member session without CSRF', 'u-web', false, [SLICE_A]),
  );
  const expiry = Date.parse(expired.info.expires_at);
  while (Date.now() <= expiry) await new Promise((resolve) => setTimeout(resolve, 50));
  return w;
}
