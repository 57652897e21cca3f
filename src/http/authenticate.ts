import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RigError } from '../lib/errors.ts';
import { type Access, anonymousAdmin, can, type Principal } from './access.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (http/access.ts); required on every route. */
    access?: Access;
  }
  interface FastifyRequest {
    /** Who is calling; undefined on public routes called without credentials. */
    principal: Principal | undefined;
  }
}

/** Turns credentials into a principal; implemented by the accounts feature. */
export interface Authenticator {
  /** An API token (`Authorization: Bearer …`); undefined when unknown, revoked or expired. */
  fromToken(token: string): Promise<Principal | undefined>;
  /** A session cookie; undefined when unknown or expired. */
  fromSession(cookie: string): Promise<{ principal: Principal; csrf: string } | undefined>;
}

export interface AuthenticationOptions {
  enabled: boolean;
  authenticator: Authenticator;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new RigError('RIG_ERR_UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

/**
 * A cookie-authenticated websocket must come from a page of this server: browsers send
 * cookies with cross-site websocket handshakes that no CSRF header protects.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

async function identify(
  request: FastifyRequest,
  authenticator: Authenticator,
): Promise<Principal | undefined> {
  const token = bearerToken(request);
  if (token !== undefined) {
    const principal = await authenticator.fromToken(token);
    if (!principal) throw new RigError('RIG_ERR_UNAUTHENTICATED', 'invalid, expired or revoked token');
    return principal;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  const session = await authenticator.fromSession(cookie);
  if (!session) throw new RigError('RIG_ERR_UNAUTHENTICATED', 'session expired; log in again');
  if (!safeMethods.has(request.method) && request.headers[CSRF_HEADER] !== session.csrf) {
    throw new RigError('RIG_ERR_FORBIDDEN', `missing or wrong ${CSRF_HEADER} header (CSRF protection)`);
  }
  if (request.headers.upgrade && !sameOrigin(request)) {
    throw new RigError('RIG_ERR_FORBIDDEN', 'websocket from another origin refused');
  }
  return session.principal;
}

/**
 * Authenticates every request (token, or session cookie with CSRF protection on writes)
 * and enforces the route's declared access: 401 without credentials, 403 without rights.
 * Unknown routes keep their 404.
 */
export function installAuthentication(app: FastifyInstance, options: AuthenticationOptions): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (!options.enabled) {
      request.principal = anonymousAdmin;
      return;
    }
    if (access === 'public') {
      // Stale or wrong credentials (a cookie whose session ended) must not lock anyone out of
      // the dashboard's page or of logging in again: public routes ignore them.
      request.principal = await identify(request, options.authenticator).catch(() => undefined);
      return;
    }
    request.principal = await identify(request, options.authenticator);
    const principal = request.principal;
    if (!principal) throw new RigError('RIG_ERR_UNAUTHENTICATED', 'log in or send an API token');
    if (access === undefined || (access !== 'user' && !can(principal, access))) {
      throw new RigError('RIG_ERR_FORBIDDEN', `${principal.name} (${principal.role}) may not do this`, {
        needs: access ?? 'a declared access',
      });
    }
  });
}

/** The caller of a route that is not public (the hook has checked it is there). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new RigError('RIG_ERR_UNAUTHENTICATED', 'log in or send an API token');
  return request.principal;
}
