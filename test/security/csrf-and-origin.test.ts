import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../src/http/server.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { handshake } from './matrix.ts';
import { bearer, cookiesOf } from './world.ts';

/** The writes anyone may make, with or without a session: they need no CSRF header. */
const PUBLIC_WRITES = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/token',
  'POST /api/v1/auth/bootstrap',
]);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A browser sends the session cookie with any request to the server, whoever made the page:
 * writes must carry the session's CSRF value in a header no other site can set, and
 * websockets (which no header protects) must come from the server's own pages.
 */
describe('CSRF protection and origins', () => {
  let t: TestRig;
  let admin: { cookie: string; csrf: string };
  let other: { cookie: string; csrf: string };

  const rootSession = async () => {
    const login = await api(t.url, 'POST', '/api/v1/auth/login', {
      name: 'root',
      password: 'root-password-1',
    });
    expect(login.status).toBe(200);
    return { cookie: cookiesOf(login.headers), csrf: login.body.csrf as string };
  };

  beforeAll(async () => {
    t = await startRig({ auth: true });
    admin = await rootSession();
    other = await rootSession();
  });
  afterAll(async () => t?.destroy());

  it('refuses every cookie-authenticated write without the CSRF value of that very session', async () => {
    const writes = listRoutes(t.rig.http).filter((r) => WRITES.has(r.method));
    expect(writes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of writes) {
      const key = `${route.method} ${route.url}`;
      // Parameters need not be valid: the check comes before validation, and before the handler.
      const path = route.url.replace(/:[A-Za-z_]+/g, 'x1');
      for (const [how, csrf] of [
        ['no header', undefined],
        ['a wrong value', 'not-the-csrf-value'],
        ["another session's value (of the same user)", other.csrf],
      ] as const) {
        const headers: Record<string, string> = {
          cookie: admin.cookie,
          ...(csrf ? { 'x-rig-csrf': csrf } : {}),
        };
        const answer = await api(t.url, route.method, path, {}, headers);
        const refused = answer.status === 403 && /CSRF/.test(answer.body?.error?.message ?? '');
        if (refused === PUBLIC_WRITES.has(key))
          failures.push(`${key} with ${how}: ${answer.status} ${answer.text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    // The right value passes (the handler answers, here a validation error).
    const right = await api(
      t.url,
      'POST',
      '/api/v1/tokens',
      {},
      { cookie: admin.cookie, 'x-rig-csrf': admin.csrf },
    );
    expect(right.status).toBe(400);
  });

  it('refuses a websocket with a session cookie from another origin, and takes it from its own', async () => {
    const events = `${t.url}/api/v1/events`;
    const cookie = { cookie: admin.cookie };
    for (const origin of ['http://evil.example', 'null', `${t.url}.evil.example`, 'http://127.0.0.1:1']) {
      const refused = await handshake(events, { ...cookie, origin });
      expect(refused.status, origin).toBe(403);
    }
    expect((await handshake(events, { ...cookie, origin: t.url })).status).toBe(101);
    // Not a browser (no Origin): the CLI and scripts.
    expect((await handshake(events, cookie)).status).toBe(101);
    // A token is no ambient credential: a page of another site cannot have it.
    expect((await handshake(events, { ...bearer(t.adminToken), origin: 'http://evil.example' })).status).toBe(
      101,
    );
  });

  it('grants no other origin the right to read answers (no CORS headers)', async () => {
    const answer = await api(t.url, 'GET', '/api/v1/auth/me', undefined, {
      cookie: admin.cookie,
      origin: 'http://evil.example',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('forbids framing by other sites and content sniffing, on pages and API answers alike', async () => {
    for (const path of ['/', '/api/v1/auth/me', '/api/v1/no-such-route']) {
      const answer = await api(t.url, 'GET', path, undefined, { cookie: admin.cookie });
      expect(answer.headers.get('x-frame-options'), path).toBe('DENY');
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(answer.headers.get('referrer-policy'), path).toBe('same-origin');
    }
  });

  it('refuses a login sent as a cross-site form would (no JSON), so no one is logged in unawares', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const body = type.startsWith('text')
        ? '{"name":"root","password":"root-password-1"}'
        : 'name=root&password=root-password-1';
      const answer = await api(t.url, 'POST', '/api/v1/auth/login', body, { 'content-type': type });
      expect(answer.status, type).toBeGreaterThanOrEqual(400);
      expect(answer.headers.getSetCookie(), type).toEqual([]);
    }
  });
});
