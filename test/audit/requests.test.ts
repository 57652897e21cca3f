import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { auditOf, bearer, eventually, userWithToken } from './helpers.ts';

describe('audit log of API requests', () => {
  let t: TestRig;
  let alice: string;

  beforeAll(async () => {
    t = await startRig({ auth: true });
    alice = await userWithToken(t, 'alice', 'user');
  });
  afterAll(async () => t?.destroy());

  it('records who created, changed and deleted which device, with the result', async () => {
    const admin = bearer(t.adminToken);
    expect((await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 12 }, admin)).status).toBe(201);
    const patch = { name: 'fit12', model: 'x' };
    expect((await api(t.url, 'PATCH', '/api/v1/devices/node/12', patch, admin)).status).toBe(200);
    expect((await api(t.url, 'DELETE', '/api/v1/devices/node/12', undefined, admin)).status).toBe(204);
    expect((await api(t.url, 'DELETE', '/api/v1/devices/node/12', undefined, admin)).status).toBe(404);

    const entries = await auditOf(t, '?target=node/12');
    expect(entries.map((e) => [e.action, e.result, e.status])).toEqual([
      ['devices.delete', 'invalid', 404],
      ['devices.delete', 'ok', 204],
      ['devices.update', 'ok', 200],
      ['devices.create', 'ok', 201],
    ]);
    const update = entries[2]!;
    expect(update.actor).toMatchObject({ name: 'root', via: 'token' });
    expect(update.actor.id).toEqual(expect.any(Number));
    expect(update.actor.token_id).toEqual(expect.any(Number));
    expect(update.target).toEqual({ kind: 'node', id: '12' });
    expect(update.address).toBe('127.0.0.1');
    expect(update.details).toMatchObject({
      kind: 'node',
      id: '12',
      name: 'fit12',
      fields: ['name', 'model'],
    });
    expect(entries[0]!.details.error).toBe('RIG_ERR_NOT_FOUND');
  });

  it('records refused requests as denied, with the caller or anonymous', async () => {
    const change = { name: 'mine' };
    expect((await api(t.url, 'PATCH', '/api/v1/devices/pdu/p1', change, bearer(alice))).status).toBe(403);
    expect((await api(t.url, 'PATCH', '/api/v1/devices/pdu/p1', change)).status).toBe(401);
    const denied = await auditOf(t, '?action=devices.update&result=denied');
    expect(denied.map((e) => [e.actor.name, e.actor.via, e.status, e.target])).toEqual([
      ['anonymous', 'anonymous', 401, { kind: 'pdu', id: 'p1' }],
      ['alice', 'token', 403, { kind: 'pdu', id: 'p1' }],
    ]);
  });

  it('records failed and successful logins with the name tried, and never a password', async () => {
    const wrong = await api(t.url, 'POST', '/api/v1/auth/login', { name: 'alice', password: 'not-hers-9' });
    expect(wrong.status).toBe(401);
    const right = await api(t.url, 'POST', '/api/v1/auth/login', {
      name: 'alice',
      password: 'alice-password-1',
    });
    expect(right.status).toBe(200);
    const logins = await auditOf(t, '?action=auth.login&target=user/alice');
    const [success, failure] = logins;
    expect(success).toMatchObject({
      actor: { name: 'alice', via: 'password' },
      result: 'ok',
      status: 200,
      details: { name: 'alice', gives: 'session' },
    });
    expect(success!.actor.id).toEqual(expect.any(Number));
    expect(failure).toMatchObject({
      actor: { name: 'anonymous', via: 'anonymous' },
      result: 'denied',
      status: 401,
      details: { name: 'alice', gives: 'session' },
    });
    // The token login of userWithToken() is a login too.
    expect(logins.some((e) => e.details.gives === 'token' && e.result === 'ok')).toBe(true);
    expect(JSON.stringify(logins)).not.toContain('password-1');
    expect(JSON.stringify(logins)).not.toContain('not-hers-9');
  });

  it('names actions after their routes and targets after the objects they act on', async () => {
    const admin = bearer(t.adminToken);
    await api(t.url, 'POST', '/api/v1/slices', { name: 'demo-slice' }, admin);
    await api(t.url, 'PUT', '/api/v1/slices/demo-slice/members/alice', undefined, admin);
    const token = await api(t.url, 'POST', '/api/v1/tokens', { name: 'ci', scopes: ['read'] }, admin);
    await api(t.url, 'DELETE', `/api/v1/tokens/${token.body.info.id}`, undefined, admin);
    await api(
      t.url,
      'POST',
      '/api/v1/status',
      { kind: 'node', records: [{ id: 3, available: 'ko' }] },
      admin,
    );

    const find = (action: string) => eventually(t, `?action=${action}`, () => true, action);
    expect(await find('slices.create')).toMatchObject({ target: { kind: 'slice', id: 'demo-slice' } });
    expect(await find('slices.members.add')).toMatchObject({
      target: { kind: 'slice', id: 'demo-slice' },
      details: { user: 'alice' },
    });
    expect(await find('tokens.create')).toMatchObject({
      target: { kind: 'token', id: String(token.body.info.id) },
      details: { name: 'ci', scopes: ['read'] },
    });
    expect(await find('tokens.revoke')).toMatchObject({
      target: { kind: 'token', id: String(token.body.info.id) },
    });
    expect(await find('status.write')).toMatchObject({
      target: { kind: 'node', id: '3' },
      details: { kind: 'node', ids: [3], record_fields: ['available'] },
    });
    const all = JSON.stringify(await auditOf(t, '?limit=1000'));
    expect(all).not.toContain(token.body.token);
  });

  it('does not record reads', async () => {
    const before = (await auditOf(t, '?limit=1000')).length;
    for (const path of ['/api/v1/devices', '/api/v1/status', '/api/v1/auth/me', '/api/v1/users'])
      expect((await api(t.url, 'GET', path, undefined, bearer(t.adminToken))).status).toBe(200);
    expect((await auditOf(t, '?limit=1000')).length).toBe(before);
  });
});
