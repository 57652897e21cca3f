import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptKeys, summarise } from '../../src/audit/details.ts';
import { listRoutes } from '../../src/http/server.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { bearer } from './helpers.ts';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

const cookiesOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('the audit log never holds secrets', () => {
  let t: TestRig;
  /** Every row of the table, as stored. */
  const storedText = async () => {
    await t.rig.features.audit.service.flush();
    return JSON.stringify(await t.rig.store.db.selectFrom('audit_log').selectAll().execute());
  };

  beforeAll(async () => {
    t = await startRig({ auth: true });
  });
  afterAll(async () => t?.destroy());

  it('keeps no password, token, cookie or CSRF value of the account flows', async () => {
    const admin = bearer(t.adminToken);
    const password = secret('pw');
    const newPassword = secret('pw2');
    const secrets = [t.adminToken, password, newPassword];
    expect((await api(t.url, 'POST', '/api/v1/users', { name: 'carol', password }, admin)).status).toBe(201);
    const generated = await api(t.url, 'POST', '/api/v1/users', { name: 'dave' }, admin);
    secrets.push(generated.body.password);
    const token = await api(t.url, 'POST', '/api/v1/auth/token', {
      name: 'carol',
      password,
      token: { name: 'x' },
    });
    secrets.push(token.body.token);
    await api(t.url, 'POST', '/api/v1/auth/login', { name: 'carol', password: secret('wrong') });
    const login = await api(t.url, 'POST', '/api/v1/auth/login', { name: 'carol', password });
    const cookie = cookiesOf(login.headers);
    secrets.push(login.body.csrf, ...cookie.split('; ').map((c) => c.split('=')[1] as string));
    const session = { cookie, 'x-rig-csrf': login.body.csrf };
    const change = { current: password, password: newPassword };
    expect((await api(t.url, 'POST', '/api/v1/auth/password', change, session)).status).toBe(204);
    const bootstrapToken = secret('boot');
    secrets.push(bootstrapToken);
    await api(t.url, 'POST', '/api/v1/auth/bootstrap', { token: bootstrapToken, name: 'eve', password });
    expect(
      (await api(t.url, 'POST', '/api/v1/auth/logout', undefined, bearer(token.body.token))).status,
    ).toBe(204);

    const stored = await storedText();
    expect(stored).toContain('auth.password');
    for (const value of secrets) {
      expect(value.length).toBeGreaterThan(8);
      expect(stored).not.toContain(value);
    }
  });

  it('keeps no value of a field outside its whitelist, on every mutating route', async () => {
    const values = {
      password: secret('password'),
      token: secret('token'),
      key: secret('key'),
      public_key: secret('ssh-ed25519'),
      csrf: secret('csrf'),
      secret: secret('secret'),
      anything: secret('anything'),
    };
    const routes = listRoutes(t.rig.http)
      .filter((r) => r.url.startsWith('/api/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
      // Last: it revokes the token used.
      .sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
    expect(routes.length).toBeGreaterThan(10);
    const count = async () => (await t.rig.store.db.selectFrom('audit_log').select('id').execute()).length;
    await t.rig.features.audit.service.flush();
    const before = await count();
    for (const route of routes) {
      const path = route.url.replace(/:[A-Za-z_]+/g, 'x1');
      const headers = { ...bearer(t.adminToken), 'x-rig-csrf': values.csrf };
      const answer = await api(t.url, route.method, path, values, headers);
      expect(answer.status, `${route.method} ${path}`).toBeLessThan(500);
    }
    const stored = await storedText();
    expect(await count()).toBe(before + routes.length);
    for (const value of Object.values(values)) expect(stored).not.toContain(value);
  });

  it('summarises any body without the value of any key outside the whitelist', () => {
    const marker = 'SECRET';
    const value = fc.oneof(
      fc.constant(marker),
      fc.array(fc.constant(marker)),
      fc.record({ inner: fc.constant(marker), id: fc.constant(marker) }),
      fc.array(fc.record({ id: fc.constant(marker), v: fc.constant(marker) })),
    );
    // Status writes keep the ids of their `records`, by design.
    const key = fc.string().filter((k) => !keptKeys.has(k) && k !== 'records' && !k.includes(marker));
    fc.assert(
      fc.property(fc.dictionary(key, value), fc.dictionary(key, value), (query, body) => {
        expect(JSON.stringify(summarise(query, query, body))).not.toContain(marker);
      }),
    );
  });
});
