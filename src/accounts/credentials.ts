import type { Kysely } from 'kysely';
import type { RigBus } from '../bus/events.ts';
import type { Principal, Scope } from '../http/access.ts';
import { scopes as allScopes } from '../http/access.ts';
import type { Authenticator } from '../http/authenticate.ts';
import { type Clock, isoTime } from '../lib/clock.ts';
import { notFound, RigError } from '../lib/errors.ts';
import type { Tables } from '../store/tables.ts';
import { type TokenCreate, TokenCreate as TokenCreateSchema, type TokenInfo, type User } from './schema.ts';
import { newSecret, newToken, secretHash, tokenPrefix } from './secrets.ts';
import { rowToTokenInfo, type UserRow } from './store/rows.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  getLiveSession,
  insertSession,
  touchSession,
} from './store/sessions.ts';
import { getLiveToken, getToken, insertToken, listTokens, revokeToken, touchToken } from './store/tokens.ts';

export interface CredentialsOptions {
  sessionHours: number;
  tokenDays: number;
}

/** Seconds a resolved token stays cached; revocations drop it at once (bus). */
const CACHE_MS = 10_000;
/** last_used_at / last_seen_at are written at most this often per credential. */
const TOUCH_MS = 60_000;
const DAY_MS = 86_400_000;

const principalOf = (user: UserRow, via: Principal['via'], scopes: readonly Scope[]): Principal => ({
  userId: user.id,
  name: user.name,
  role: user.role as Principal['role'],
  via,
  scopes,
});

/**
 * Sessions (dashboard cookies) and API tokens (CLI, scripts). Only SHA-256 hashes of
 * either are stored; a token is shown once, when it is created.
 */
export class Credentials implements Authenticator {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly options: CredentialsOptions,
    private readonly clock: Clock,
  ) {
    // Any revocation empties the cache: simple, and revocations are rare.
    bus.on('credentialsRevoked', this, () => this.cache.clear());
    bus.on('userUpdated', this, () => this.cache.clear());
    bus.on('userDeleted', this, () => this.cache.clear());
  }

  stop(): void {
    this.bus.removeListeners(this);
  }

  async openSession(
    user: User,
    meta: { address: string; userAgent: string | undefined },
  ): Promise<{ cookie: string; csrf: string; expiresAt: string }> {
    const cookie = newSecret();
    const csrf = newSecret();
    const now = this.clock.now();
    const expiresAt = new Date(now + this.options.sessionHours * 3_600_000).toISOString();
    await insertSession(this.db, {
      id: secretHash(cookie),
      user_id: user.id,
      csrf,
      created_at: new Date(now).toISOString(),
      expires_at: expiresAt,
      last_seen_at: new Date(now).toISOString(),
      address: meta.address.slice(0, 64),
      user_agent: meta.userAgent?.slice(0, 256) ?? null,
    });
    // Expired sessions are swept when new ones open: no timer needed.
    await deleteExpiredSessions(this.db, new Date(now).toISOString());
    return { cookie, csrf, expiresAt };
  }

  async closeSession(cookie: string, userId: number): Promise<void> {
    const id = secretHash(cookie);
    await deleteSession(this.db, id);
    this.bus.emit('credentialsRevoked', { userId, sessionId: id });
  }

  async fromSession(cookie: string): Promise<{ principal: Principal; csrf: string } | undefined> {
    const id = secretHash(cookie);
    const now = isoTime(this.clock);
    const session = await getLiveSession(this.db, id, now);
    if (!session || Number(session.user.disabled) === 1) return undefined;
    if (this.due(`s:${id}`)) await touchSession(this.db, id, now);
    return {
      principal: { ...principalOf(session.user, 'session', allScopes), sessionId: id },
      csrf: session.csrf,
    };
  }

  async createToken(user: User, input: TokenCreate): Promise<{ token: string; info: TokenInfo }> {
    const data = TokenCreateSchema.parse(input);
    const token = newToken();
    const now = this.clock.now();
    const days = data.days ?? this.options.tokenDays;
    const row = await insertToken(this.db, {
      user_id: user.id,
      name: data.name,
      hash: secretHash(token),
      prefix: tokenPrefix(token),
      scopes: JSON.stringify([...new Set(data.scopes)]),
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + days * DAY_MS).toISOString(),
      last_used_at: null,
      revoked_at: null,
    });
    return { token, info: rowToTokenInfo(row) };
  }

  async listTokens(userId: number): Promise<TokenInfo[]> {
    return (await listTokens(this.db, userId)).map(rowToTokenInfo);
  }

  /** Revokes a token of `owner` (or any token, for an admin passing `owner: null`). */
  async revokeToken(owner: number | null, tokenId: number): Promise<TokenInfo> {
    const existing = await getToken(this.db, tokenId);
    if (!existing || (owner !== null && existing.user_id !== owner)) throw notFound(`token ${tokenId}`);
    const row = await revokeToken(this.db, tokenId, isoTime(this.clock));
    if (!row) throw new RigError('RIG_ERR_CONFLICT', `token ${tokenId} is already revoked`);
    this.bus.emit('credentialsRevoked', { userId: row.user_id, tokenId });
    return rowToTokenInfo(row);
  }

  async fromToken(token: string): Promise<Principal | undefined> {
    const hash = secretHash(token);
    const cached = this.cache.get(hash);
    const now = this.clock.now();
    if (cached && cached.until > now) return cached.principal;
    const found = await getLiveToken(this.db, hash, new Date(now).toISOString());
    if (!found || Number(found.user.disabled) === 1) {
      this.cache.delete(hash);
      return undefined;
    }
    const principal: Principal = {
      ...principalOf(found.user, 'token', JSON.parse(found.token.scopes) as Scope[]),
      tokenId: found.token.id,
    };
    // Cached no longer than the token lives.
    const expires = found.token.expires_at ? Date.parse(found.token.expires_at) : Number.POSITIVE_INFINITY;
    this.cache.set(hash, { principal, until: Math.min(now + CACHE_MS, expires) });
    if (this.due(`t:${found.token.id}`))
      await touchToken(this.db, found.token.id, new Date(now).toISOString());
    return principal;
  }

  private due(key: string): boolean {
    const now = this.clock.now();
    if ((this.touched.get(key) ?? 0) + TOUCH_MS > now) return false;
    this.touched.set(key, now);
    if (this.touched.size > 10_000) this.touched.clear();
    return true;
  }
}
