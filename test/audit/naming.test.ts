import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionOf } from '../../src/audit/naming.ts';
import { targetOf } from '../../src/audit/target.ts';
import { listRoutes } from '../../src/http/server.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

describe('audit action names', () => {
  it('derives them from the route: create, update, delete, or the verb the URL ends with', () => {
    expect(actionOf('POST', '/api/v1/devices')).toBe('devices.create');
    expect(actionOf('PATCH', '/api/v1/devices/:kind/:id')).toBe('devices.update');
    expect(actionOf('PUT', '/api/v1/things/:id')).toBe('things.update');
    expect(actionOf('DELETE', '/api/v1/leases/:id')).toBe('leases.delete');
    expect(actionOf('POST', '/api/v1/auth/login')).toBe('auth.login');
    expect(actionOf('POST', '/api/v1/inventory/import')).toBe('inventory.import');
    expect(actionOf('POST', '/api/v1/devices/:kind/:id/power')).toBe('devices.power');
    expect(actionOf('POST', '/api/v1/users/:name/keys')).toBe('users.keys');
    expect(actionOf('POST', '/api/v1/slices/:name/members/:user')).toBe('slices.members.add');
    expect(actionOf('POST', '/api/v1/status')).toBe('status.write');
    expect(actionOf('POST', '/api/v1/auth/token')).toBe('auth.login');
  });

  it('finds the target in the path, the body, or the id the answer gave', () => {
    const facts = { params: {}, body: {}, createdId: undefined };
    expect(
      targetOf({ ...facts, url: '/api/v1/devices/:kind/:id', params: { kind: 'node', id: '12' } }),
    ).toEqual({
      kind: 'node',
      id: '12',
    });
    expect(targetOf({ ...facts, url: '/api/v1/devices', body: { kind: 'pdu', id: 'jaguar' } })).toEqual({
      kind: 'pdu',
      id: 'jaguar',
    });
    expect(targetOf({ ...facts, url: '/api/v1/leases', createdId: '5' })).toEqual({ kind: 'lease', id: '5' });
    expect(targetOf({ ...facts, url: '/api/v1/users', body: { name: 'bob' }, createdId: '9' })).toEqual({
      kind: 'user',
      id: 'bob',
    });
    expect(targetOf({ ...facts, url: '/api/v1/inventory/import' })).toBeNull();
  });

  describe('on the real route table', () => {
    let t: TestRig;
    beforeAll(async () => {
      t = await startRig();
    });
    afterAll(async () => t?.destroy());

    it('gives every mutating API route a well-formed name of its own (both logins share auth.login)', () => {
      const routes = listRoutes(t.rig.http).filter(
        (r) => r.url.startsWith('/api/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method),
      );
      const byAction = new Map<string, string[]>();
      for (const { method, url } of routes) {
        const action = actionOf(method, url);
        expect(action, `${method} ${url}`).toMatch(/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/);
        byAction.set(action, [...(byAction.get(action) ?? []), `${method} ${url}`]);
      }
      const shared = [...byAction].filter(([, owners]) => owners.length > 1);
      expect(shared).toEqual([['auth.login', ['POST /api/v1/auth/login', 'POST /api/v1/auth/token']]]);
    });
  });
});
