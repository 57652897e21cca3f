import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoyHash } from '../../src/accounts/passwords.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { bearer, cookiesOf, passwordOf } from './world.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a stolen database or a curious caller learns: hashes only, and nothing about who exists. */
describe('stored credentials and what logins reveal', () => {
  let t: TestRig;
  const admin = () => bearer(t.adminToken);
  const table = async (name: 'users' | 'api_tokens' | 'sessions') =>
    JSON.stringify(await t.rig.store.db.selectFrom(name).selectAll().execute());

  beforeAll(async () => {
    // Failed logins are not limited here: this file compares them.
    t = await startRig({ auth: true, config: { auth: { loginAttempts: 1000 } } });
    for (const name of ['tia', 'tom']) {
      // The same password for both: their hashes must still differ (salted).
      const body = { name, password: passwordOf('shared') };
      expect((await api(t.url, 'POST', '/api/v1/users', body, admin())).status).toBe(201);
    }
    expect(
      (await api(t.url, 'POST', '/api/v1/users', { name: 'off', password: passwordOf('off') }, admin()))
        .status,
    ).toBe(201);
    expect((await api(t.url, 'PATCH', '/api/v1/users/off', { disabled: true }, admin())).status).toBe(200);
  });
  afterAll(async () => t?.destroy());

  it('stores only the SHA-256 of API tokens, and no more of them than the prefix lists show', async () => {
    const made = await api(t.url, 'POST', '/api/v1/tokens', { name: 'stored' }, admin());
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    const rows = await t.rig.store.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', made.body.info.id)
      .execute();
    const prefix = rows[0]?.prefix ?? '';
    expect(rows[0]?.hash).toBe(sha256(token));
    expect(token.startsWith(prefix)).toBe(true);
    // The prefix is a label: most of the token's 43 random characters are not stored.
    expect(prefix.length).toBeLessThanOrEqual(12);
    const stored = await table('api_tokens');
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(12));
  });

  it('stores only the SHA-256 of session cookies', async () => {
    const login = await api(t.url, 'POST', '/api/v1/auth/login', {
      name: 'tia',
      password: passwordOf('shared'),
    });
    const cookie = cookiesOf(login.headers).match(/rig_session=([^;]+)/)?.[1] as string;
    expect(cookie.length).toBeGreaterThan(30);
    const stored = await table('sessions');
    expect(stored).not.toContain(cookie);
    expect(stored).toContain(sha256(cookie));
  });

  it('stores passwords as salted scrypt hashes', async () => {
    const users = await t.rig.store.db.selectFrom('users').select(['name', 'password_hash']).execute();
    const hashOf = (name: string) => users.find((u) => u.name === name)?.password_hash as string;
    for (const name of ['tia', 'tom'])
      expect(hashOf(name)).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]{22}\$[\w-]{43}$/);
    expect(hashOf('tia')).not.toBe(hashOf('tom'));
    expect(await table('users')).not.toContain(passwordOf('shared'));
  });

  it('answers the same to an unknown user, a wrong password and a disabled account', async () => {
    const tries = [
      { name: 'nobody-here', password: 'whatever-password' },
      { name: 'tia', password: 'wrong-password' },
      { name: 'off', password: passwordOf('off') },
    ];
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/token']) {
      const answers = [];
      for (const body of tries) {
        const answer = await api(t.url, 'POST', path, {
          ...body,
          ...(path.endsWith('token') ? { token: { name: 'x' } } : {}),
        });
        answers.push({ status: answer.status, body: answer.text });
      }
      expect(answers[0]?.status).toBe(401);
      expect(new Set(answers.map((a) => JSON.stringify(a))).size, path).toBe(1);
    }
  });

  it('spends as much work on an unknown user as on a known one (the decoy hash has the real parameters)', async () => {
    const users = await t.rig.store.db.selectFrom('users').select('password_hash').execute();
    const parameters = (hash: string) => hash.split('$').slice(0, 4).join('$');
    for (const user of users) expect(parameters(user.password_hash as string)).toBe(parameters(decoyHash));
  });

  it('refuses a token wider than the credentials that create it', async () => {
    const narrow = await api(
      t.url,
      'POST',
      '/api/v1/tokens',
      { name: 'rw', scopes: ['read', 'write'] },
      admin(),
    );
    const wider = await api(
      t.url,
      'POST',
      '/api/v1/tokens',
      { name: 'more', scopes: ['admin'] },
      bearer(narrow.body.token),
    );
    expect(wider.status).toBe(403);
    const same = await api(
      t.url,
      'POST',
      '/api/v1/tokens',
      { name: 'same', scopes: ['write'] },
      bearer(narrow.body.token),
    );
    expect(same.status).toBe(201);
  });
});
