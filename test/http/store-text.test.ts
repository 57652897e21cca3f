import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';

const dialects: Dialect[] = ['sqlite', 'postgres'];
const runPg = (await postgresReachable()) || process.env.CI === 'true';

/** Text and numbers at the edges of what the columns hold, the same on both stores. */
describe.each(dialects)('text and numbers at the store edges, on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let t: TestRig;
  const call = (method: string, path: string, body?: unknown) => api(t.url, method, path, body);

  beforeAll(async () => {
    if (!skip) t = await startRig({ dialect });
  });
  afterAll(async () => t?.destroy());

  it.skipIf(skip)('refuses NUL characters and unpaired surrogates with 400 naming the field', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/v1/devices', { kind: 'node', id: 1, name: 'a\u0000b' }, 'name'],
      ['POST', '/api/v1/devices', { kind: 'node', id: 1, model: '\ud800' }, 'model'],
      ['GET', '/api/v1/devices?q=%00', undefined, 'q'],
      ['GET', '/api/v1/devices?model=a%00', undefined, 'model'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await call(method, path, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('RIG_ERR_VALIDATION');
      expect(res.body.error.details.issues[0].path).toBe(field);
    }
  });

  it.skipIf(skip)('stores the longest names as sent, whatever their characters', async () => {
    for (const [id, name] of [
      ['long-e', 'é'.repeat(256)],
      ['long-emoji', '😀'.repeat(128)],
      ['long-mixed', `${'x'.repeat(255)}é`],
    ] as const) {
      const created = await call('POST', '/api/v1/devices', { kind: 'pdu', id, name, model: name });
      expect(created.status).toBe(201);
      const stored = await call('GET', `/api/v1/devices/pdu/${id}`);
      expect(stored.body.name).toBe(name);
      expect(stored.body.model).toBe(name);
    }
  });

  it.skipIf(skip)('addresses an integer id up to MAX_SAFE_INTEGER by its digits', async () => {
    const id = Number.MAX_SAFE_INTEGER;
    expect((await call('POST', '/api/v1/devices', { kind: 'node', id })).status).toBe(201);
    const res = await call('GET', `/api/v1/devices/node/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(id);
    expect((await call('GET', '/api/v1/devices/node/9007199254740992')).status).toBe(404);
  });
});
