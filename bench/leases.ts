import { BenchHttp } from './leases/http.ts';
import { type LeaseClient, overlapsIn, setupLeaseClients } from './leases/setup.ts';
import { benchPgSchema } from './lib/postgres.ts';
import { type RigProcess, spawnRig } from './lib/rig-process.ts';

/**
 * (d) Lease booking under contention: `clients` users book random ranges of random nodes
 * through the HTTP API at once, each sending its next booking when the previous answer
 * came; most overlap, so most are refused (409) once the calendar fills. Baseline, same
 * server, same clients, same duration: authenticated `GET /api/v1/leases/current?node=N`,
 * a plain read of the calendar. At the end the whole calendar is checked for overlaps.
 */
export interface LeaseRunResult {
  dialect: 'sqlite' | 'postgres';
  clients: number;
  nodes: number;
  seconds: number;
  accepted: number;
  refused: number;
  failed: number;
  bookingsPerSec: number;
  readsPerSec: number;
  leases: number;
  overlaps: number;
}

export interface LeaseBenchOptions {
  clients: number;
  nodes: number;
  durationMs: number;
  log: (line: string) => void;
}

const GRAIN_S = 600;
/** Slots over which bookings land: one day of 10-minute grains from an hour ahead, so they contend. */
const SLOTS = 144;

/** A seeded generator per client, so that runs book the same ranges. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function during(
  clients: readonly LeaseClient[],
  durationMs: number,
  act: (client: LeaseClient, index: number, random: () => number) => Promise<number>,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  const deadline = performance.now() + durationMs;
  await Promise.all(
    clients.map(async (client, index) => {
      const random = seeded(index + 1);
      while (performance.now() < deadline) {
        const status = await act(client, index, random);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

async function measure(rig: RigProcess, dialect: LeaseRunResult['dialect'], options: LeaseBenchOptions) {
  const clients = await setupLeaseClients(rig, options.nodes, options.clients);
  const base = (Math.floor(Date.now() / 1000 / GRAIN_S) + 6) * GRAIN_S * 1000;
  const at = (slot: number) => new Date(base + slot * GRAIN_S * 1000).toISOString();
  const seconds = options.durationMs / 1000;
  const http = new BenchHttp(rig.url);
  let reads: Map<number, number>;
  let books: Map<number, number>;
  try {
    reads = await during(clients, options.durationMs, (client, _i, random) => {
      const node = 1 + Math.floor(random() * options.nodes);
      return http.call('GET', `/api/v1/leases/current?node=${node}`, client.auth);
    });
    books = await during(clients, options.durationMs, (client, _i, random) => {
      const slot = Math.floor(random() * SLOTS);
      const count = 1 + Math.floor(random() * 4);
      const nodes = [
        ...new Set(Array.from({ length: count }, () => 1 + Math.floor(random() * options.nodes))),
      ];
      return http.call('POST', '/api/v1/leases', client.auth, {
        slice: client.slice,
        nodes,
        t_from: at(slot),
        t_until: at(slot + 1 + Math.floor(random() * 12)),
      });
    });
  } finally {
    http.close();
  }
  const accepted = books.get(201) ?? 0;
  const refused = books.get(409) ?? 0;
  const total = [...books.values()].reduce((a, b) => a + b, 0);
  const result: LeaseRunResult = {
    dialect,
    clients: options.clients,
    nodes: options.nodes,
    seconds,
    accepted,
    refused,
    failed: total - accepted - refused,
    bookingsPerSec: total / seconds,
    readsPerSec: (reads.get(200) ?? 0) / seconds,
    ...(await overlapsIn(rig)),
  };
  if (total - accepted - refused)
    options.log(`  ${dialect}: unexpected answers ${JSON.stringify([...books])}`);
  return result;
}

export async function runLeases(options: LeaseBenchOptions): Promise<LeaseRunResult[]> {
  const results: LeaseRunResult[] = [];
  const limits = 'leases:\n  maxFutureBookings: 10000\n  maxAdvanceDays: 365\n';
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const schema = dialect === 'postgres' ? await benchPgSchema() : undefined;
    if (dialect === 'postgres' && !schema) {
      options.log('  postgres: unreachable, skipped (set RIG_BENCH_PG)');
      continue;
    }
    const rig = await spawnRig({ config: limits, ...(schema ? { db: schema.url } : {}) });
    try {
      const result = await measure(rig, dialect, options);
      results.push(result);
      options.log(
        `  ${dialect}: ${result.bookingsPerSec.toFixed(0)} bookings/s (${result.accepted} accepted, ` +
          `${result.refused} refused, ${result.failed} failed), reads ${result.readsPerSec.toFixed(0)}/s, ` +
          `${result.leases} leases, ${result.overlaps} overlaps`,
      );
    } finally {
      await rig.stop();
      await schema?.drop();
    }
  }
  return results;
}
