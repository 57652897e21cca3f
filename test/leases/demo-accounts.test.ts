import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

const demo = { demo: { enabled: true, activity: false } };

/** What the demo printed: the password of each login, and the RIG_TOKEN line. */
function printed(t: TestRig) {
  const lines = t.consoleLines.flatMap((text) => text.split('\n'));
  const passwords = Object.fromEntries(
    lines.flatMap((line) => {
      const match = /^ {2}(admin|operator|alice|bob|carol) +(\S+) +(\S+)/.exec(line);
      return match ? [[match[1], match[2]]] : [];
    }),
  );
  const tokens = lines.filter((line) => line.startsWith('RIG_TOKEN='));
  return { lines, passwords, tokens, token: tokens[0]?.slice('RIG_TOKEN='.length) ?? '' };
}

describe('demo accounts', () => {
  const rigs: TestRig[] = [];
  afterAll(async () => {
    for (const t of rigs.reverse()) await t.destroy();
  });

  it('creates users, slices and leases, and prints the logins and a RIG_TOKEN line', async () => {
    const t = await startRig({ auth: true, config: demo });
    rigs.push(t);
    const { lines, passwords, tokens, token } = printed(t);
    expect(Object.keys(passwords).sort()).toEqual(['admin', 'alice', 'bob', 'carol', 'operator']);
    expect(tokens).toHaveLength(1);
    expect(token).toMatch(/^rig_\S+$/);
    // The demo's admin exists before the accounts start: no bootstrap token is offered.
    expect(lines.some((line) => line.includes('RIG_BOOTSTRAP_TOKEN'))).toBe(false);

    const bearer = { authorization: `Bearer ${token}` };
    expect((await api(t.url, 'GET', '/api/v1/auth/me', undefined, bearer)).body).toMatchObject({
      user: { name: 'admin' },
      role: 'admin',
    });
    for (const [name, password] of Object.entries(passwords)) {
      const login = await api(t.url, 'POST', '/api/v1/auth/login', { name, password });
      expect(login.status, name).toBe(200);
    }
    const users = (await api(t.url, 'GET', '/api/v1/users', undefined, bearer)).body as Array<{
      name: string;
      role: string;
    }>;
    expect(users.filter((u) => u.name !== 'root').map((u) => [u.name, u.role])).toEqual([
      ['admin', 'admin'],
      ['alice', 'user'],
      ['bob', 'user'],
      ['carol', 'user'],
      ['operator', 'operator'],
    ]);
    const slices = (await api(t.url, 'GET', '/api/v1/slices', undefined, bearer)).body as Array<{
      name: string;
      members: string[];
    }>;
    expect(slices.map((s) => [s.name, s.members])).toEqual([
      ['demo_alice', ['alice', 'bob']],
      ['demo_carol', ['carol']],
    ]);
    const leases = (await api(t.url, 'GET', '/api/v1/leases?after=now', undefined, bearer)).body as Array<{
      slice: string;
      whole: boolean;
      t_from: string;
    }>;
    expect(leases.length).toBeGreaterThanOrEqual(5);
    expect(new Set(leases.map((l) => l.slice))).toEqual(new Set(['demo_alice', 'demo_carol']));
    expect(leases.some((l) => Date.parse(l.t_from) <= Date.now())).toBe(true);
    expect(leases.some((l) => l.whole)).toBe(true);

    const file = path.join(t.data, 'demo-logins.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('prints the same logins after a restart, with a new token that replaces the old one', async () => {
    const first = rigs[0] as TestRig;
    const before = printed(first);
    const leasesBefore = await api(first.url, 'GET', '/api/v1/leases', undefined, {
      authorization: `Bearer ${before.token}`,
    });
    await first.stop();
    const second = await startRig({ auth: true, config: demo, data: first.data, db: first.db });
    rigs.push(second);
    const after = printed(second);
    expect(after.passwords).toEqual(before.passwords);
    expect(after.token).not.toBe(before.token);
    const me = (token: string) =>
      api(second.url, 'GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${token}` });
    expect((await me(after.token)).status).toBe(200);
    expect((await me(before.token)).status).toBe(401);
    // The calendar is not booked twice.
    const leasesAfter = await api(second.url, 'GET', '/api/v1/leases', undefined, {
      authorization: `Bearer ${after.token}`,
    });
    expect(leasesAfter.body.map((l: { id: number }) => l.id)).toEqual(
      leasesBefore.body.map((l: { id: number }) => l.id),
    );
  });
});
