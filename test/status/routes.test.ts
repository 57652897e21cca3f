import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

// The routes sit on the in-memory state; the store behind it is covered by restart.test.ts.
describe('status API', () => {
  let t: TestRig;
  const call = (method: string, path: string, body?: unknown) => api(t.url, method, path, body);
  const post = (kind: string, records: unknown[]) => call('POST', '/api/v1/status', { kind, records });

  beforeAll(async () => {
    t = await startRig();
  });
  afterAll(async () => t?.destroy());

  it('answers with the whole merged records that changed, and nothing when none did', async () => {
    expect((await post('node', [{ id: 1, cmc_on_off: 'on' }])).body).toEqual({
      changed: [{ id: 1, cmc_on_off: 'on' }],
    });
    const res = await post('node', [
      { id: 1, control_ping: 'on', custom: { a: [1] } },
      { id: 1, cmc_on_off: 'on' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.changed).toEqual([{ id: 1, cmc_on_off: 'on', control_ping: 'on', custom: { a: [1] } }]);
    expect((await post('node', [{ id: 1, control_ping: 'on' }])).body).toEqual({ changed: [] });
  });

  it('gets one record by type-exact id', async () => {
    await post('pdu', [
      { id: 'p1', on_off: 'on' },
      { id: 12, on_off: 'off' },
    ]);
    expect((await call('GET', '/api/v1/status/pdu/p1')).body).toEqual({ id: 'p1', on_off: 'on' });
    expect((await call('GET', '/api/v1/status/pdu/12')).body).toEqual({ id: 12, on_off: 'off' });
    // A string id of digits is written quoted in the path; bare digits mean the integer.
    await post('node', [
      { id: '12', available: 'ko' },
      { id: 12, available: 'ok' },
    ]);
    expect((await call('GET', '/api/v1/status/node/%2212%22')).body).toEqual({ id: '12', available: 'ko' });
    expect((await call('GET', '/api/v1/status/node/12')).body).toEqual({ id: 12, available: 'ok' });
    expect((await call('DELETE', '/api/v1/status/node/%2212%22')).status).toBe(204);
    expect((await call('GET', '/api/v1/status/node/12')).status).toBe(200);
    const missing = await call('GET', '/api/v1/status/pdu/p2');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('RIG_ERR_NOT_FOUND');
  });

  it('lists every kind, or one kind', async () => {
    const all = (await call('GET', '/api/v1/status')).body;
    expect(Object.keys(all).sort()).toEqual(['instrument', 'node', 'pdu', 'phone', 'switch']);
    expect((await call('GET', '/api/v1/status?kind=pdu')).body).toEqual({ pdu: all.pdu });
    expect((await call('GET', '/api/v1/status?kind=toaster')).status).toBe(400);
  });

  it('forgets one record, then answers 404 for it', async () => {
    await post('phone', [{ id: 2, airplane_mode: 'on' }]);
    expect((await call('DELETE', '/api/v1/status/phone/2')).status).toBe(204);
    expect((await call('GET', '/api/v1/status/phone/2')).status).toBe(404);
    expect((await call('DELETE', '/api/v1/status/phone/2')).status).toBe(404);
  });

  it('refuses values outside the R2lab vocabulary with 400 naming the field', async () => {
    const cases: Array<[string, unknown[], string]> = [
      ['node', [{ id: 1, cmc_on_off: 'maybe' }], 'records.0.cmc_on_off'],
      ['node', [{ id: 1, control_ping: 'fail' }], 'records.0.control_ping'],
      ['pdu', [{ id: 'p1', on_off: true }], 'records.0.on_off'],
      ['node', [{ cmc_on_off: 'on' }], 'records.0.id'],
    ];
    for (const [kind, records, path] of cases) {
      const res = await post(kind, records);
      expect(res.status, JSON.stringify(records)).toBe(400);
      expect(res.body.error.code).toBe('RIG_ERR_VALIDATION');
      expect(res.body.error.message).toContain(path);
    }
    expect((await call('POST', '/api/v1/status', { kind: 'toaster', records: [] })).status).toBe(400);
    expect((await call('POST', '/api/v1/status', { kind: 'node' })).status).toBe(400);
    expect((await call('GET', '/api/v1/status/node/1')).body.cmc_on_off).toBe('on');
  });

  it('announces changes on the bus with the api origin', async () => {
    const seen: string[] = [];
    t.rig.bus.on('statusChanged', seen, ({ origin, records }) => seen.push(`${origin}:${records.length}`));
    await post('switch', [{ id: 'sw1', on_off: 'on' }]);
    await post('switch', [{ id: 'sw1', on_off: 'on' }]);
    t.rig.bus.removeListeners(seen);
    expect(seen).toEqual(['api:1']);
  });
});
