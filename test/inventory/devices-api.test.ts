import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';

const dialects: Dialect[] = ['sqlite', 'postgres'];
const runPg = (await postgresReachable()) || process.env.CI === 'true';

describe.each(dialects)('devices API on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let t: TestRig;
  const call = (method: string, path: string, body?: unknown) => api(t.url, method, path, body);

  beforeAll(async () => {
    if (!skip) t = await startRig({ dialect });
  });
  afterAll(async () => t?.destroy());

  it.skipIf(skip)('keeps integer and string ids apart', async () => {
    expect((await call('POST', '/api/v1/devices', { kind: 'node', id: 1 })).status).toBe(201);
    expect((await call('POST', '/api/v1/devices', { kind: 'pdu', id: 'jaguar' })).status).toBe(201);
    expect((await call('GET', '/api/v1/devices/node/1')).body.id).toBe(1);
    expect((await call('GET', '/api/v1/devices/pdu/jaguar')).body.id).toBe('jaguar');
    const dup = await call('POST', '/api/v1/devices', { kind: 'node', id: 1 });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('RIG_ERR_DUPLICATE');
  });

  it.skipIf(skip)('answers 400 with the envelope for an invalid device', async () => {
    const res = await call('POST', '/api/v1/devices', { kind: 'toaster', id: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('RIG_ERR_VALIDATION');
    expect(res.body.error.message).toContain('kind');
  });
});
