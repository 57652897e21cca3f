import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceKinds } from '../../src/lib/device-ref.ts';
import { type ApiResponse, api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';
import { percentEncode, text } from './arbitraries.ts';
import { deviceLike, statusLike } from './bodies.ts';
import { contractBreach } from './envelope.ts';

const SEED = 20_260_403;
const dialects: Dialect[] = ['sqlite', 'postgres'];
const runPg = (await postgresReachable()) || process.env.CI === 'true';

const kind = fc.constantFrom(...deviceKinds);
/** An id as a path segment: mostly ids that may exist, sometimes anything. */
const idSegment = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.oneof(fc.nat({ max: 20 }).map(String), fc.constantFrom('jaguar', 'a-1', 'b.2')),
  },
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  text.map(percentEncode),
);
const q = (name: string, value: fc.Arbitrary<string>) => value.map((v) => `${name}=${percentEncode(v)}`);
const listQuery = fc
  .array(
    fc.oneof(
      q('q', text),
      q('model', text),
      q('tag', text),
      q('id', fc.oneof(text, idSegment)),
      q('kind', fc.oneof(kind, text)),
      q('limit', fc.oneof(fc.nat().map(String), text)),
      q('offset', fc.oneof(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String), text)),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.join('&'));
const inventoryFile = fc.record({ devices: fc.array(deviceLike, { maxLength: 3 }) });

type Call = { method: string; path: string; body?: unknown; headers?: Record<string, string> };
/** One call of the API that reaches the store (or the live status and its persister). */
const call: fc.Arbitrary<Call> = fc.oneof(
  { weight: 4, arbitrary: deviceLike.map((body) => ({ method: 'POST', path: '/api/v1/devices', body })) },
  {
    weight: 3,
    arbitrary: fc.tuple(kind, idSegment, deviceLike).map(([k, id, { kind: _k, id: _i, ...change }]) => ({
      method: 'PATCH',
      path: `/api/v1/devices/${k}/${id}`,
      body: change,
    })),
  },
  fc.tuple(fc.constantFrom('GET', 'DELETE'), kind, idSegment).map(([method, k, id]) => ({
    method,
    path: `/api/v1/devices/${k}/${id}`,
  })),
  { weight: 2, arbitrary: listQuery.map((query) => ({ method: 'GET', path: `/api/v1/devices?${query}` })) },
  { weight: 3, arbitrary: statusLike.map((body) => ({ method: 'POST', path: '/api/v1/status', body })) },
  fc.tuple(fc.constantFrom('GET', 'DELETE'), kind, idSegment).map(([method, k, id]) => ({
    method,
    path: `/api/v1/status/${k}/${id}`,
  })),
  fc.tuple(inventoryFile, fc.constantFrom('merge', 'create'), fc.boolean()).map(([file, mode, asJson]) => ({
    method: 'POST',
    path: `/api/v1/inventory/import?mode=${mode}`,
    body: asJson ? file : JSON.stringify(file),
    headers: asJson ? undefined : { 'content-type': 'application/yaml' },
  })),
);

/**
 * Random but plausible calls that reach the store, on both dialects: PostgreSQL refuses what
 * SQLite takes (NUL characters in text, over-long values), a classic source of 500s.
 */
describe.each(dialects)('the store behind the API, given random input, on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let t: TestRig;

  beforeAll(async () => {
    if (!skip) t = await startRig({ dialect, config: { status: { flushIntervalMs: 20 } } });
  });
  afterAll(async () => t?.destroy());

  it.skipIf(skip)(
    'answers under 500, stores what it confirms, and keeps it across a restart',
    async () => {
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const response = await api(t.url, c.method, c.path, c.body, c.headers);
          const breach = contractBreach({
            method: c.method,
            status: response.status,
            contentType: response.headers.get('content-type') ?? undefined,
            text: response.text,
          });
          if (breach) throw new Error(`${c.method} ${c.path.slice(0, 200)}: ${breach}`);
          await expectStoredAsConfirmed(t, c, response);
        }),
        { seed: SEED, numRuns: 600 },
      );

      const before = await everything(t);
      // The run stored devices and status records, or the restart below would prove nothing.
      expect(JSON.parse(before.devices).total).toBeGreaterThan(0);
      expect(before.status).toMatch(/"id"/);
      await t.stop();
      const again = await startRig({ dialect, data: t.data, db: t.db });
      try {
        expect(await everything(again)).toEqual(before);
      } finally {
        await again.stop();
      }
    },
    90_000,
  );
});

/** A device the API just created or changed reads back exactly as it was confirmed. */
async function expectStoredAsConfirmed(t: TestRig, c: Call, response: ApiResponse): Promise<void> {
  const confirmed =
    (c.method === 'POST' && response.status === 201) || (c.method === 'PATCH' && response.status === 200);
  if (!confirmed || !c.path.startsWith('/api/v1/devices')) return;
  const { kind, id } = response.body as { kind: string; id: number | string };
  const stored = await api(t.url, 'GET', `/api/v1/devices/${kind}/${encodeURIComponent(String(id))}`);
  expect(stored.status).toBe(200);
  expect(stored.text).toBe(response.text);
}

/** Devices, inventory export and live status, as the API shows them. */
async function everything(t: TestRig) {
  const devices = await api(t.url, 'GET', '/api/v1/devices?limit=10000');
  const exported = await api(t.url, 'GET', '/api/v1/inventory/export?format=json');
  const status = await api(t.url, 'GET', '/api/v1/status');
  for (const r of [devices, exported, status]) expect(r.status).toBe(200);
  return { devices: devices.text, exported: exported.text, status: status.text };
}
