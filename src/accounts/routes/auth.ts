import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../../http/authenticate.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../http/cookies.ts';
import { ErrorEnvelope } from '../../http/errors.ts';
import type { RigApp } from '../../http/server.ts';
import { Bootstrap, Login, Me, PasswordChange, TokenCreated, TokenLogin, User } from '../schema.ts';
import type { AccountsService } from '../service.ts';

const tags = ['auth'];
const LoginAnswer = z
  .strictObject({ user: User, csrf: z.string(), expires_at: z.string() })
  .meta({ id: 'LoginAnswer' });

export interface CookieOptions {
  /** Secure cookies: the server speaks HTTPS (or sits behind a proxy that does). */
  secure: boolean;
}

export function registerAuthRoutes(app: RigApp, accounts: AccountsService, cookies: CookieOptions): void {
  const setSessionCookies = (reply: FastifyReply, cookie: string, csrf: string, expiresAt: string) => {
    const expires = new Date(expiresAt);
    // Behind a TLS-terminating proxy named in http.trustProxy, X-Forwarded-Proto says https.
    const secure = cookies.secure || reply.request.protocol === 'https';
    reply.setCookie(SESSION_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure,
      expires,
    });
    // Readable by the dashboard's script, which sends it back in x-rig-csrf on writes.
    reply.setCookie(CSRF_COOKIE, csrf, {
      httpOnly: false,
      sameSite: 'strict',
      path: '/',
      secure,
      expires,
    });
  };

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Log in with a password: opens a dashboard session (cookies)',
        body: Login,
        response: { 200: LoginAnswer, 401: ErrorEnvelope, 429: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      const { name, password } = request.body;
      const user = await accounts.users.verify(name, password, request.ip);
      const session = await accounts.credentials.openSession(user, {
        address: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookies(reply, session.cookie, session.csrf, session.expiresAt);
      return { user, csrf: session.csrf, expires_at: session.expiresAt };
    },
  );

  app.post(
    '/api/v1/auth/token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Log in with a password and receive a new API token (`rig login`)',
        body: TokenLogin,
        response: { 201: TokenCreated, 401: ErrorEnvelope, 429: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      const { name, password, token } = request.body;
      const user = await accounts.users.verify(name, password, request.ip);
      return reply.code(201).send(await accounts.credentials.createToken(user, token));
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'user' },
      schema: { tags, summary: 'End this session, or revoke the token used', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const cookie = request.cookies[SESSION_COOKIE];
      if (principal.via === 'session' && cookie && principal.userId !== null) {
        await accounts.credentials.closeSession(cookie, principal.userId);
      }
      if (principal.via === 'token' && principal.tokenId !== undefined && principal.userId !== null) {
        await accounts.credentials.revokeToken(principal.userId, principal.tokenId);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'user' },
      schema: { tags, summary: 'Who is calling: user, role, scopes, slices', response: { 200: Me } },
    },
    async (request) => {
      const principal = principalOf(request);
      const user = principal.userId === null ? null : await accounts.users.get(principal.name);
      const slices = user ? await accounts.slices.of(user.id) : [];
      return {
        user,
        role: principal.role,
        via: principal.via,
        scopes: [...principal.scopes],
        slices: slices.map((s) => s.name),
        ...(principal.via === 'session' ? { csrf: request.cookies[CSRF_COOKIE] ?? '' } : {}),
      };
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions)',
        body: PasswordChange,
        response: { 204: z.null(), 401: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      const { current, password } = request.body;
      const principal = principalOf(request);
      await accounts.users.changePassword(principal.name, current, password, request.ip, principal.sessionId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/bootstrap',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Create the first admin with the one-time token printed at first start',
        body: Bootstrap,
        response: { 201: User, 403: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      const { token, ...admin } = request.body;
      return reply.code(201).send(await accounts.bootstrap.consume(token, admin));
    },
  );
}
