import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { bearer, cookiesOf, passwordOf } from './world.ts';

const setCookie = (headers: Headers, name: string) =>
  headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) as string;
const cookieValue = (cookie: string) => cookie.split(';')[0]?.split('=')[1] as string;

describe('dashboard sessions', () => {
  let t: TestRig;
  const login = (headers: Record<string, string> = {}) =>
    api(t.url, 'POST', '/api/v1/auth/login', { name: 'sam', password: passwordOf('sam') }, headers);
  const me = (headers: Record<string, string>) => api(t.url, 'GET', '/api/v1/auth/me', undefined, headers);

  beforeAll(async () => {
    // Sessions of about a second: long enough to use once, short enough to see end.
    t = await startRig({ auth: true, config: { auth: { sessionHours: 0.0004 } } });
    const user = { name: 'sam', password: passwordOf('sam') };
    expect((await api(t.url, 'POST', '/api/v1/users', user, bearer(t.adminToken))).status).toBe(201);
  });
  afterAll(async () => t?.destroy());

  it('gives a new session at each login, whatever session cookie the browser already had (no fixation)', async () => {
    const first = await login();
    const planted = 'attacker-chosen-session-value';
    const second = await login({ cookie: `rig_session=${planted}` });
    const again = await login({ cookie: cookiesOf(first.headers) });
    const values = [first, second, again].map((answer) =>
      cookieValue(setCookie(answer.headers, 'rig_session')),
    );
    expect(new Set([...values, planted]).size).toBe(4);
    expect((await me({ cookie: `rig_session=${planted}` })).status).toBe(401);
    const csrfs = [first, second, again].map((answer) => answer.body.csrf);
    expect(new Set(csrfs).size).toBe(3);
  });

  it('sets the session cookie HttpOnly, SameSite, for the whole site, expiring with the session', async () => {
    const answer = await login();
    const session = setCookie(answer.headers, 'rig_session');
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(session).toMatch(/;\s*Path=\/(;|$)/i);
    expect(Date.parse(/Expires=([^;]+)/i.exec(session)?.[1] ?? '')).toBe(
      Math.floor(Date.parse(answer.body.expires_at) / 1000) * 1000,
    );
    // Plain HTTP here: Secure would make browsers drop it (Secure under TLS: test/tls).
    expect(session).not.toMatch(/;\s*Secure/i);
    // The dashboard's script reads the CSRF value; no other site's page can send it.
    const csrf = setCookie(answer.headers, 'rig_csrf');
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/;\s*SameSite=Strict/i);
    expect(cookieValue(csrf)).toBe(answer.body.csrf);
  });

  it('ends a session at logout, clearing its cookies', async () => {
    const answer = await login();
    const headers = { cookie: cookiesOf(answer.headers), 'x-rig-csrf': answer.body.csrf };
    const logout = await api(t.url, 'POST', '/api/v1/auth/logout', undefined, headers);
    expect(logout.status).toBe(204);
    for (const name of ['rig_session', 'rig_csrf']) {
      expect(setCookie(logout.headers, name)).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    }
    expect((await me(headers)).status).toBe(401);
  });

  it('refuses a session once it has expired', async () => {
    const answer = await login();
    const headers = { cookie: cookiesOf(answer.headers) };
    const end = Date.parse(answer.body.expires_at);
    expect(end - Date.now()).toBeLessThan(5000);
    while (Date.now() <= end) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await me(headers)).status).toBe(401);
  });
});

describe('dashboard sessions behind a TLS-terminating proxy', () => {
  let t: TestRig;
  beforeAll(async () => {
    t = await startRig({ auth: true, config: { http: { trustProxy: ['127.0.0.1/32'] } } });
  });
  afterAll(async () => t?.destroy());

  it('marks the cookies Secure when a trusted proxy says the client spoke HTTPS', async () => {
    const body = { name: 'root', password: 'root-password-1' };
    const forwarded = await api(t.url, 'POST', '/api/v1/auth/login', body, { 'x-forwarded-proto': 'https' });
    expect(forwarded.status).toBe(200);
    for (const cookie of forwarded.headers.getSetCookie()) expect(cookie).toMatch(/;\s*Secure/i);
    const direct = await api(t.url, 'POST', '/api/v1/auth/login', body);
    for (const cookie of direct.headers.getSetCookie()) expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});
