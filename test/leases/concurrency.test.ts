import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable } from '../helpers/postgres.ts';
import type { Dialect } from '../helpers/rig.ts';
import { type LeaseLab, leaseLab } from './lab.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';

interface Booked {
  id: number;
  whole: boolean;
  nodes: number[];
  t_from: string;
  t_until: string;
}

/** Pairs of leases that overlap in time and share a node (a whole lease shares all). */
function overlapping(leases: readonly Booked[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const [i, a] of leases.entries()) {
    for (const b of leases.slice(i + 1)) {
      const inTime = a.t_from < b.t_until && b.t_from < a.t_until;
      const shared = a.whole || b.whole || a.nodes.some((n) => b.nodes.includes(n));
      if (inTime && shared) pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}

describe.each<Dialect>(['sqlite', 'postgres'])('concurrent bookings on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let lab: LeaseLab;
  const all = async () => (await lab.as('root', 'GET', '/api/v1/leases?after=now')).body as Booked[];

  beforeAll(async () => {
    if (!skip) lab = await leaseLab({ dialect, nodes: 12, leases: { maxFutureBookings: 10_000 } });
  });
  afterAll(async () => lab?.destroy());

  it.skipIf(skip)('lets exactly one of 50 concurrent conflicting requests win, and 49 get 409', async () => {
    const requests = Array.from({ length: 50 }, (_, i) =>
      lab.as(i % 2 ? 'alice' : 'bob', 'POST', '/api/v1/leases', {
        slice: i % 2 ? 'alpha' : 'beta',
        // Every request shares node 1 and overlaps every other one in time.
        nodes: [1, 2 + (i % 10)],
        t_from: lab.slot(2 + (i % 3)),
        t_until: lab.slot(6 + (i % 4)),
      }),
    );
    const answers = await Promise.all(requests);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = answers.find((a) => a.status === 201)?.body.id;
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.error.details.lease.id).toBe(winner);
    }
    const leases = await all();
    expect(leases.map((l) => l.id)).toEqual([winner]);
    expect(overlapping(leases)).toEqual([]);
  });

  it.skipIf(skip)('ends with no overlap after many random bookings in parallel', async () => {
    // A seeded walk over 12 nodes and 40 grains: many overlap, many do not.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const requests = Array.from({ length: 120 }, (_, i) => {
      const start = 20 + Math.floor(random() * 40);
      const nodes =
        random() < 0.05
          ? 'all'
          : [
              ...new Set(
                Array.from({ length: 1 + Math.floor(random() * 3) }, () => 1 + Math.floor(random() * 12)),
              ),
            ];
      return lab.as(i % 3 === 0 ? 'oscar' : i % 2 ? 'alice' : 'bob', 'POST', '/api/v1/leases', {
        slice: i % 2 ? 'alpha' : 'beta',
        nodes,
        t_from: lab.slot(start),
        t_until: lab.slot(start + 1 + Math.floor(random() * 4)),
      });
    });
    const statuses = (await Promise.all(requests)).map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const accepted = statuses.filter((s) => s === 201).length;
    expect(accepted).toBeGreaterThan(10);
    expect(accepted).toBeLessThan(120);
    const leases = (await all()).filter((l) => l.t_from >= lab.slot(20));
    expect(leases).toHaveLength(accepted);
    expect(overlapping(leases)).toEqual([]);
  });
});
