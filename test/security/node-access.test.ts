import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { bearer, passwordOf } from './world.ts';

/**
 * Who may act on a node is read from the leases at each request: losing the slice, or the
 * lease ending, takes the right away at once (no lock state to go stale).
 */
describe('acting on nodes follows the current lease', () => {
  let t: TestRig;
  let user: Record<string, string>;
  const admin = () => bearer(t.adminToken);
  const write = (id: number | string, kind = 'node') =>
    api(t.url, 'POST', '/api/v1/status', { kind, records: [{ id, available: 'ok' }] }, user);
  /** A lease from the next second (the grain here) for an hour, once it has started. */
  const book = async (slice: string, nodes: number[] | 'all') => {
    const from = Math.ceil((Date.now() + 1) / 1000) * 1000;
    const body = {
      slice,
      nodes,
      t_from: new Date(from).toISOString(),
      t_until: new Date(from + 3_600_000).toISOString(),
    };
    const answer = await api(t.url, 'POST', '/api/v1/leases', body, admin());
    expect(answer.status, answer.text).toBe(201);
    while (Date.now() < from) await new Promise((resolve) => setTimeout(resolve, 20));
    return answer.body.id as number;
  };

  beforeAll(async () => {
    t = await startRig({ auth: true, config: { leases: { grainSeconds: 1 } } });
    const must = async (method: string, path: string, body?: unknown) =>
      expect((await api(t.url, method, path, body, admin())).status).toBeLessThan(300);
    await must('POST', '/api/v1/users', { name: 'nell', password: passwordOf('nell') });
    for (const id of [1, 2, 3]) await must('POST', '/api/v1/devices', { kind: 'node', id });
    await must('POST', '/api/v1/slices', { name: 'team', members: ['nell'] });
    await must('POST', '/api/v1/slices', { name: 'big', members: ['nell'] });
    const login = await api(t.url, 'POST', '/api/v1/auth/token', {
      name: 'nell',
      password: passwordOf('nell'),
      token: { name: 'x' },
    });
    user = bearer(login.body.token);
  });
  afterAll(async () => t?.destroy());

  it('takes the right away when the user leaves the slice, and when the lease is cancelled', async () => {
    const lease = await book('team', [1]);
    expect((await write(1)).status).toBe(200);
    // Ids are type-exact: the node named "1" is not node 1.
    expect((await write('1')).status).toBe(403);
    expect((await api(t.url, 'DELETE', '/api/v1/slices/team/members/nell', undefined, admin())).status).toBe(
      200,
    );
    expect((await write(1)).status).toBe(403);
    expect((await api(t.url, 'PUT', '/api/v1/slices/team/members/nell', undefined, admin())).status).toBe(
      200,
    );
    expect((await write(1)).status).toBe(200);
    // Cancelling a running lease ends it now: the node is free at once.
    expect((await api(t.url, 'DELETE', `/api/v1/leases/${lease}`, undefined, user)).status).toBe(200);
    expect((await write(1)).status).toBe(403);
  });

  it('lets a whole-testbed lease act on every node, but not on other kinds of device', async () => {
    const lease = await book('big', 'all');
    expect((await write(2)).status).toBe(200);
    expect((await write(3)).status).toBe(200);
    expect((await write('pdu-1', 'pdu')).status).toBe(403);
    expect((await api(t.url, 'DELETE', `/api/v1/leases/${lease}`, undefined, user)).status).toBe(200);
    expect((await write(2)).status).toBe(403);
  });
});
