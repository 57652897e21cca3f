import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

const cookiesOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('sessions and API tokens', () => {
  let t: TestRig;
  const admin = () => ({ authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startRig({ auth: true });
    await api(t.url, 'POST', '/api/v1/users', { name: 'alice', password: 'alice-password' }, admin());
  });
  afterAll(async () => t?.destroy());

  it('answers 401 without credentials and 403 without rights', async () => {
    expect((await api(t.url, 'GET', '/api/v1/devices')).status).toBe(401);
    const login = await api(t.url, 'POST', '/api/v1/auth/token', {
      name: 'alice',
      password: 'alice-password',
      token: { name: 'cli' },
    });
    expect(login.status).toBe(201);
    const alice = { authorization: `Bearer ${login.body.token}` };
    expect((await api(t.url, 'GET', '/api/v1/devices', undefined, alice)).status).toBe(200);
    const create = await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 1 }, alice);
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('RIG_ERR_FORBIDDEN');
    expect((await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 1 }, admin())).status).toBe(201);
  });

  it('opens a session with HttpOnly cookies and demands the CSRF header on writes', async () => {
    const login = await api(t.url, 'POST', '/api/v1/auth/login', {
      name: 'alice',
      password: 'alice-password',
    });
    expect(login.status).toBe(200);
    const setCookies = login.headers.getSetCookie();
    expect(setCookies.find((c) => c.startsWith('rig_session='))).toMatch(/HttpOnly/i);
    expect(setCookies.find((c) => c.startsWith('rig_session='))).toMatch(/SameSite=Lax/i);
    const cookie = cookiesOf(login.headers);
    const me = await api(t.url, 'GET', '/api/v1/auth/me', undefined, { cookie });
    expect(me.body).toMatchObject({ user: { name: 'alice' }, role: 'user', via: 'session' });
    const token = { name: 'from-dashboard' };
    expect((await api(t.url, 'POST', '/api/v1/tokens', token, { cookie })).status).toBe(403);
    const withCsrf = await api(t.url, 'POST', '/api/v1/tokens', token, {
      cookie,
      'x-rig-csrf': login.body.csrf,
    });
    expect(withCsrf.status).toBe(201);
    expect(withCsrf.body.token).toMatch(/^rig_/);
  });

  it('stops honouring a revoked token at once', async () => {
    const created = await api(t.url, 'POST', '/api/v1/tokens', { name: 'short' }, admin());
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await api(t.url, 'GET', '/api/v1/devices', undefined, bearer)).status).toBe(200);
    expect(
      (await api(t.url, 'DELETE', `/api/v1/tokens/${created.body.info.id}`, undefined, admin())).status,
    ).toBe(200);
    expect((await api(t.url, 'GET', '/api/v1/devices', undefined, bearer)).status).toBe(401);
  });

  it('limits failed logins per user name with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (await api(t.url, 'POST', '/api/v1/auth/login', { name: 'alice', password: 'wrong' })).status,
      ).toBe(401);
    }
    const limited = await api(t.url, 'POST', '/api/v1/auth/login', {
      name: 'alice',
      password: 'alice-password',
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the first start', () => {
  it('prints a one-time bootstrap token on the console that creates the first admin', async () => {
    const t = await startRig({ config: { auth: { enabled: true } } });
    try {
      const line = t.consoleLines.join('\n');
      const token = /RIG_BOOTSTRAP_TOKEN=(\S+)/.exec(line)?.[1];
      expect(token).toBeDefined();
      const body = { token, name: 'boss', password: 'boss-password' };
      expect((await api(t.url, 'POST', '/api/v1/auth/bootstrap', body)).status).toBe(201);
      expect((await api(t.url, 'POST', '/api/v1/auth/bootstrap', { ...body, name: 'boss2' })).status).toBe(
        403,
      );
      expect(
        (await api(t.url, 'POST', '/api/v1/auth/login', { name: 'boss', password: 'boss-password' })).status,
      ).toBe(200);
    } finally {
      await t.destroy();
    }
  });
});
