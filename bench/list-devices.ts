import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadReply, LoadRequest } from './http/load.ts';
import { Child } from './lib/child.ts';
import { spawnRig } from './lib/rig-process.ts';

/**
 * (b) `GET /api/v1/devices?limit=1000` with 1000 devices, against a hello-world route of the
 * same server: `GET /healthz`, which answers `{"status":"ok"}` through the same Fastify
 * instance, hooks and serializer. Load comes from a separate process over keep-alive
 * connections; the two routes are measured alternately, twice each.
 */
export interface ListResult {
  devices: number;
  connections: number;
  listRps: number;
  helloRps: number;
  listBytes: number;
  errors: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

const hex = (byte: number) => (byte & 255).toString(16).padStart(2, '0');

/** The i-th device of the benchmark's inventory, R2lab-like. */
export function benchDevice(i: number) {
  return {
    kind: 'node',
    id: i,
    name: `fit${String(i).padStart(4, '0')}`,
    model: i % 3 ? 'fit-v2' : 'fit-v1',
    tags: ['bench', i % 2 ? 'odd' : 'even', `room-${i % 4}`],
    attributes: { usrp: i % 2 ? 'b210' : 'n300', rack: Math.floor(i / 40), cpu: 'i7-4770', ram_gb: 16 },
    addresses: {
      mac: `02:00:00:00:${hex(i >> 8)}:${hex(i)}`,
      // 198.18.0.0/15 is the range set aside for benchmarks (RFC 2544); nothing connects to it.
      ip: `198.18.${(i >> 8) & 255}.${i & 255}`,
      hostname: `fit${String(i).padStart(4, '0')}.bench.lab`,
    },
  };
}

/** Imports `count` devices as the admin (`auth`: its Authorization header). */
export async function seed(url: string, count: number, auth: Record<string, string>): Promise<void> {
  const devices = Array.from({ length: count }, (_, i) => benchDevice(i + 1));
  const response = await fetch(`${url}/api/v1/inventory/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ version: 1, devices }),
  });
  if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  const listed = await fetch(`${url}/api/v1/devices?limit=${count}`, { headers: auth });
  const page = (await listed.json()) as { total: number };
  if (page.total !== count) throw new Error(`seeded ${page.total} devices, not ${count}`);
}

export async function runListDevices(options: {
  durationMs: number;
  connections: number;
  devices?: number;
}): Promise<ListResult> {
  const devices = options.devices ?? 1000;
  const rig = await spawnRig();
  const load = Child.start<LoadRequest, LoadReply>(path.join(here, 'http/load.ts'));
  try {
    await seed(rig.url, devices, rig.auth);
    const list = `${rig.url}/api/v1/devices?limit=${devices}`;
    const hello = `${rig.url}/healthz`;
    const phase = (url: string, durationMs: number) =>
      // The same token on both routes: both pay the same authentication.
      load.request({ url, connections: options.connections, durationMs, headers: rig.auth });
    // Warm-up: JIT and caches of both routes.
    await phase(hello, 500);
    await phase(list, 500);
    const totals = { list: { requests: 0, ms: 0, bytes: 0 }, hello: { requests: 0, ms: 0 }, errors: 0 };
    for (let round = 0; round < 2; round++) {
      const h = await phase(hello, options.durationMs / 2);
      const l = await phase(list, options.durationMs / 2);
      totals.hello.requests += h.requests;
      totals.hello.ms += h.elapsedMs;
      totals.list.requests += l.requests;
      totals.list.ms += l.elapsedMs;
      totals.list.bytes += l.bytes;
      totals.errors += h.errors + l.errors;
    }
    return {
      devices,
      connections: options.connections,
      listRps: (totals.list.requests * 1000) / totals.list.ms,
      helloRps: (totals.hello.requests * 1000) / totals.hello.ms,
      listBytes: Math.round(totals.list.bytes / Math.max(1, totals.list.requests)),
      errors: totals.errors,
    };
  } finally {
    await load.stop();
    await rig.stop();
  }
}
