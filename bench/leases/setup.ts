import type { RigProcess } from '../lib/rig-process.ts';
import { seed } from '../list-devices.ts';

/** One benchmark client: a user, its slice and its API token. */
export interface LeaseClient {
  user: string;
  slice: string;
  auth: Record<string, string>;
}

async function post(rig: RigProcess, path: string, body: unknown, auth = rig.auth): Promise<unknown> {
  const response = await fetch(`${rig.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/**
 * `nodes` nodes, and one user (role user, so membership and limits are checked) per client,
 * each in its own slice and holding an API token.
 */
export async function setupLeaseClients(
  rig: RigProcess,
  nodes: number,
  clients: number,
): Promise<LeaseClient[]> {
  await seed(rig.url, nodes, rig.auth);
  const made: LeaseClient[] = [];
  for (let i = 0; i < clients; i++) {
    const user = `client${i}`;
    const password = `${user}-password`;
    const slice = `bench_${i}`;
    await post(rig, '/api/v1/users', { name: user, password });
    await post(rig, '/api/v1/slices', { name: slice, members: [user] });
    const { token } = (await post(
      rig,
      '/api/v1/auth/token',
      { name: user, password, token: { name: 'bench' } },
      {},
    )) as {
      token: string;
    };
    made.push({ user, slice, auth: { authorization: `Bearer ${token}` } });
  }
  return made;
}

interface Booked {
  id: number;
  whole: boolean;
  nodes: number[];
  t_from: string;
  t_until: string;
}

/** Pairs of leases that share a node and overlap in time (none, if bookings are serialised). */
export async function overlapsIn(rig: RigProcess): Promise<{ leases: number; overlaps: number }> {
  const response = await fetch(`${rig.url}/api/v1/leases?after=2000-01-01T00:00:00Z`, { headers: rig.auth });
  const leases = (await response.json()) as Booked[];
  const byNode = new Map<string, Booked[]>();
  for (const lease of leases) {
    for (const node of lease.whole ? ['all'] : lease.nodes.map(String)) {
      byNode.set(node, [...(byNode.get(node) ?? []), lease]);
    }
  }
  const whole = byNode.get('all') ?? [];
  let overlaps = 0;
  for (const [node, list] of byNode) {
    const sorted = [...list, ...(node === 'all' ? [] : whole)].sort((a, b) =>
      a.t_from.localeCompare(b.t_from),
    );
    for (let i = 1; i < sorted.length; i++) {
      const [previous, current] = [sorted[i - 1] as Booked, sorted[i] as Booked];
      if (current.t_from < previous.t_until) overlaps++;
    }
  }
  return { leases: leases.length, overlaps };
}
