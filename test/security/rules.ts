import type { Caller, World } from './world.ts';

/**
 * The access policy of issue 3, written out independently of the routes' declared access
 * (comparing a route with its own declaration would prove nothing).
 *
 * A rule is applied only to callers that got past authentication (the runner answers 401
 * and the CSRF 403 itself); it says whether the caller is let through, or how it is refused.
 */
export type Verdict = true | 403 | 404;
export type Rule = (who: Caller) => Verdict;

const has = (who: Caller, scope: 'read' | 'write' | 'admin') => who.scopes.includes(scope);
const staff = (who: Caller) => who.role === 'operator' || who.role === 'admin';
const allow = (allowed: boolean): Verdict => (allowed ? true : 403);

/** Any logged-in caller, whatever its scopes (who am I, log out). */
export const loggedIn: Rule = () => true;
/** Reads are open to logged-in users (a token needs the read scope). */
export const reader: Rule = (who) => allow(has(who, 'read'));
/** One's own password, SSH keys and tokens: a token needs the write scope. */
export const ownAccount: Rule = (who) => allow(has(who, 'write'));
/** The lab itself (inventory, forgetting a status): operators and admins, writing. */
export const staffWrite: Rule = (who) => allow(staff(who) && has(who, 'write'));
/** Running the lab's people (slices, the audit log): operators and admins, admin scope. */
export const staffAdmin: Rule = (who) => allow(staff(who) && has(who, 'admin'));
/** Users: admins only, admin scope. */
export const adminOnly: Rule = (who) => allow(who.role === 'admin' && has(who, 'admin'));

/** Booking or changing a lease of `slice`: its members, operators and admins (writing). */
export const leaseOf =
  (slice: string): Rule =>
  (who) =>
    allow(has(who, 'write') && (staff(who) || who.slices.includes(slice)));

/**
 * Acting on a device (status writes now): operators and admins; users only on a node a
 * slice of theirs leases now (`holder`; undefined: no current lease, or not a node).
 */
export const actOn =
  (holder: string | undefined): Rule =>
  (who) =>
    allow(has(who, 'write') && (staff(who) || (holder !== undefined && who.slices.includes(holder))));

/**
 * Another user's token or key: its owner and admins; to anyone else it does not exist
 * (404, not 403: ids of others' credentials are not confirmed).
 */
export const ownOrAdmin =
  (whose: 'own' | 'other'): Rule =>
  (who) => {
    if (!has(who, 'write')) return 403;
    if (whose === 'own' || (who.role === 'admin' && has(who, 'admin'))) return true;
    return 404;
  };

/** What one call sends. */
export interface Call {
  path: string;
  body?: unknown;
}

export interface Case {
  /** The ownership or target variant ("own slice's lease", "leased node", …). */
  variant: string;
  rule: Rule;
  /** The status of an allowed call: it reached the handler and did its work. */
  ok: number;
  /** For `ok` statuses that are also refusals: the handler's own message. */
  okMessage?: RegExp;
  /** Builds the call, preparing a fresh target as root when the call consumes it. */
  call: (w: World, who: Caller) => Call | Promise<Call>;
  /** The call ends the caller's credentials: make it with fresh ones of the same kind. */
  freshCaller?: boolean;
}

export interface RouteExpectation {
  /** Open to anyone, credentials or not (bad credentials are ignored, not refused). */
  public?: boolean;
  cases: Case[];
}

export const one = (rule: Rule, ok: number, call: Case['call'], extra: Partial<Case> = {}): Case[] => [
  { variant: '-', rule, ok, call, ...extra },
];
