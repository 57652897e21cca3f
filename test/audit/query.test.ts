import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditRecord } from '../../src/audit/index.ts';
import { api } from '../helpers/http.ts';
import { requirePostgres } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';
import { bearer, userWithToken } from './helpers.ts';

const pg = await requirePostgres();
const dialects: Dialect[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

const system = { id: null, name: 'system', via: 'system', token_id: null };
const entry = (at: string, action: string, more: Partial<AuditRecord> = {}): AuditRecord => ({
  at,
  actor: system,
  action,
  result: 'ok',
  ...more,
});

describe.each(dialects)('audit log queries (%s)', (dialect) => {
  let t: TestRig;
  let operator: string;
  let user: string;
  const get = (query: string, token = t.adminToken) =>
    api(t.url, 'GET', `/api/v1/audit${query}`, undefined, bearer(token));
  /** Entries from the log itself, without those of this suite's set-up. */
  const seeded = (entries: AuditEntry[]) =>
    entries.filter((e) => e.actor.name === 'system' || e.actor.name === 'bob');

  beforeAll(async () => {
    t = await startRig({ auth: true, dialect });
    operator = await userWithToken(t, 'olga', 'operator');
    user = await userWithToken(t, 'ursula', 'user');
    const audit = t.rig.features.audit.service;
    const bob = { id: 7, name: 'bob', via: 'token', token_id: 3 };
    audit.record(entry('2026-01-01T10:00:00.000Z', 'leases.create', { target: { kind: 'lease', id: '1' } }));
    audit.record(entry('2026-01-01T11:00:00.000Z', 'leases.update', { target: { kind: 'lease', id: '1' } }));
    audit.record(entry('2026-01-01T12:00:00.000Z', 'lease.ended', { target: { kind: 'lease', id: '1' } }));
    audit.record(
      entry('2026-01-01T13:00:00.000Z', 'devices.create', { actor: bob, target: { kind: 'node', id: '5' } }),
    );
    audit.record(
      entry('2026-01-01T14:00:00.000Z', 'devices.delete', {
        actor: bob,
        target: { kind: 'node', id: '5' },
        result: 'denied',
        status: 403,
      }),
    );
    // An action whose name holds a LIKE wildcard: a prefix query must not match it by accident.
    audit.record(entry('2026-01-01T15:00:00.000Z', 'leasesXcreate'));
  });
  afterAll(async () => t?.destroy());

  it('lets operators and admins read it, and refuses users and anonymous callers', async () => {
    expect((await get('', operator)).status).toBe(200);
    expect((await get('')).status).toBe(200);
    const refused = await get('', user);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('RIG_ERR_FORBIDDEN');
    expect((await api(t.url, 'GET', '/api/v1/audit')).status).toBe(401);
  });

  it('filters by actor, action, action prefix, target, result and time, newest first', async () => {
    const actions = async (query: string) =>
      seeded((await get(query)).body.entries as AuditEntry[]).map((e) => e.action);
    expect(await actions('?actor=bob')).toEqual(['devices.delete', 'devices.create']);
    expect(await actions('?action=leases.update')).toEqual(['leases.update']);
    expect(await actions('?action=leases.*')).toEqual(['leases.update', 'leases.create']);
    expect(await actions('?action=lease*')).toEqual([
      'leasesXcreate',
      'lease.ended',
      'leases.update',
      'leases.create',
    ]);
    // `_` is a LIKE wildcard: escaped, it matches only itself.
    expect(await actions('?action=leases_*')).toEqual([]);
    expect(await actions('?target=lease/1')).toEqual(['lease.ended', 'leases.update', 'leases.create']);
    expect(await actions('?target=node')).toEqual(['devices.delete', 'devices.create']);
    expect(await actions('?result=denied')).toEqual(['devices.delete']);
    expect(await actions('?since=2026-01-01T11:00:00Z&until=2026-01-01T13:00:00Z')).toEqual([
      'lease.ended',
      'leases.update',
    ]);
    expect(await actions('?since=2026-01-01T12:30:00%2B01:00&until=2026-01-01T12:00:01Z')).toEqual([
      'lease.ended',
    ]);
  });

  it('pages with a cursor through every entry exactly once', async () => {
    const all = ((await get('?limit=1000')).body.entries as AuditEntry[]).map((e) => e.id);
    const paged: number[] = [];
    let cursor = '';
    for (let pages = 0; pages < 100; pages++) {
      const page = await get(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      paged.push(...page.body.entries.map((e: AuditEntry) => e.id));
      if (page.body.next_cursor === null) break;
      cursor = page.body.next_cursor;
    }
    // GETs are not recorded, so the log did not move while we paged.
    expect(paged).toEqual(all);
    expect([...paged].sort((a, b) => b - a)).toEqual(paged);
  });

  it('answers a bad query with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['?result=maybe', 'result'],
      ['?since=yesterday', 'since'],
      ['?limit=0', 'limit'],
      ['?limit=1001', 'limit'],
      ['?cursor=abc', 'cursor'],
      ['?action=leases%25', 'action'],
      ['?nope=1', ''],
    ] as const) {
      const answer = await get(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code, query).toBe('RIG_ERR_VALIDATION');
      expect(JSON.stringify(answer.body.error), query).toContain(field);
    }
  });
});
