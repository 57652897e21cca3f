import { afterEach, describe, expect, it } from 'vitest';
import type { Lease } from '../../src/leases/schema.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { auditOf, bearer, eventually } from './helpers.ts';

const DAY_MS = 86_400_000;
const system = { id: null, name: 'system', via: 'system', token_id: null };

describe('audit log lifecycle', () => {
  const rigs: TestRig[] = [];
  const start = async (options: Parameters<typeof startRig>[0]) => {
    const t = await startRig({ auth: true, ...options });
    rigs.push(t);
    return t;
  };
  afterEach(async () => {
    for (const t of rigs.splice(0).reverse()) await t.destroy();
  });

  it('writes what was recorded just before a stop, and prunes entries past the retention at start', async () => {
    const config = { audit: { retentionDays: 30 } };
    const first = await start({ config });
    const audit = first.rig.features.audit.service;
    audit.record({
      at: new Date(Date.now() - 40 * DAY_MS).toISOString(),
      actor: system,
      action: 'old.one',
      result: 'ok',
    });
    audit.record({
      at: new Date(Date.now() - 10 * DAY_MS).toISOString(),
      actor: system,
      action: 'recent.one',
      result: 'ok',
    });
    const created = await api(
      first.url,
      'POST',
      '/api/v1/devices',
      { kind: 'node', id: 1 },
      bearer(first.adminToken),
    );
    expect(created.status).toBe(201);
    await first.stop();

    const second = await start({ config, data: first.data, db: first.db });
    const actions = (await auditOf(second, '?limit=1000')).map((e) => e.action);
    expect(actions).toContain('devices.create');
    expect(actions).toContain('recent.one');
    expect(actions).not.toContain('old.one');
  });

  it('records a lease that ends without a request, as the system, with its nodes and power-off', async () => {
    const t = await start({ config: { leases: { powerOffAtEnd: true } } });
    const lease: Lease = {
      id: 41,
      slice: 'inria_demo',
      slice_id: 3,
      whole: false,
      nodes: [1, 2, 5],
      t_from: '2026-01-01T10:00:00.000Z',
      t_until: '2026-01-01T12:00:00.000Z',
      created_by: 'alice',
      created_at: '2026-01-01T09:00:00.000Z',
      updated_at: '2026-01-01T09:00:00.000Z',
    };
    t.rig.bus.emit('leaseEnded', { lease });
    const ended = await eventually(t, '?action=lease.ended', () => true, 'lease.ended');
    expect(ended).toMatchObject({
      actor: system,
      target: { kind: 'lease', id: '41' },
      result: 'ok',
      status: null,
      details: { slice: 'inria_demo', nodes: [1, 2, 5], t_until: lease.t_until, power_off: true },
    });
  });
});
