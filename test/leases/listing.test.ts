import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeaseLab, leaseLab } from './lab.ts';

describe('listing leases', () => {
  let lab: LeaseLab;
  const ids: Record<string, number> = {};
  const list = async (query: string) =>
    ((await lab.as('bob', 'GET', `/api/v1/leases${query}`)).body as Array<{ id: number }>).map((l) => l.id);

  beforeAll(async () => {
    lab = await leaseLab();
    const book = async (
      name: string,
      who: string,
      slice: string,
      nodes: unknown,
      from: number,
      until: number,
    ) => {
      const res = await lab.as(who, 'POST', '/api/v1/leases', {
        slice,
        nodes,
        t_from: lab.slot(from),
        t_until: lab.slot(until),
      });
      if (res.status !== 201) throw new Error(res.text);
      ids[name] = res.body.id;
    };
    // Booked out of order: listings come back by start.
    await book('later', 'alice', 'alpha', [1, 2], 10, 12);
    await book('running', 'alice', 'alpha', [3], 0, 3);
    await book('whole', 'oscar', 'beta', 'all', 20, 21);
    await book('soon', 'bob', 'beta', [2], 4, 6);
    // Ended a moment ago, still today: cancelled while running.
    await book('ended', 'bob', 'beta', [5], 0, 2);
    await lab.as('bob', 'DELETE', `/api/v1/leases/${ids.ended}`);
  });
  afterAll(async () => lab?.destroy());

  it('lists leases ending after local midnight by default, ordered by start', async () => {
    expect(await list('')).toEqual([ids.running, ids.ended, ids.soon, ids.later, ids.whole]);
    expect(await list('?after=today')).toEqual(await list(''));
  });

  it('filters by slice, by node (a whole-testbed lease holds every node), after and before', async () => {
    expect(await list('?slice=alpha')).toEqual([ids.running, ids.later]);
    expect(await list('?node=2')).toEqual([ids.soon, ids.later, ids.whole]);
    expect(await list('?node=9')).toEqual([ids.whole]);
    expect(await list('?after=now')).toEqual([ids.running, ids.soon, ids.later, ids.whole]);
    expect(await list(`?after=${lab.slot(6)}`)).toEqual([ids.later, ids.whole]);
    expect(await list(`?before=${lab.slot(10)}&after=now`)).toEqual([ids.running, ids.soon]);
    expect(await list('?before=now')).toEqual([ids.running, ids.ended]);
    expect(await list('?slice=nobody')).toEqual([]);
  });

  it('answers the lease holding a node now, and null for a free node', async () => {
    expect((await lab.as('bob', 'GET', '/api/v1/leases/current?node=3')).body.id).toBe(ids.running);
    expect((await lab.as('bob', 'GET', '/api/v1/leases/current?node=5')).body).toBeNull();
    expect((await lab.as('bob', 'GET', '/api/v1/leases/99999')).status).toBe(404);
  });

  it('is readable by any logged-in user, and by nobody without credentials', async () => {
    expect((await lab.as('nobody', 'GET', '/api/v1/leases')).status).toBe(401);
    expect((await lab.as('nobody', 'GET', `/api/v1/leases/${ids.soon}`)).status).toBe(401);
  });
});
