import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeaseLab, leaseLab } from './lab.ts';

describe('booking rules', () => {
  let lab: LeaseLab;
  const book = (who: string, body: Record<string, unknown>) => lab.as(who, 'POST', '/api/v1/leases', body);

  beforeAll(async () => {
    lab = await leaseLab({ leases: { maxDurationHours: 2, maxFutureBookings: 3, maxAdvanceDays: 7 } });
  });
  afterAll(async () => lab?.destroy());

  it('books nodes for a slice of its member, and answers the lease with 201', async () => {
    const [t_from, t_until] = [lab.slot(1), lab.slot(2)];
    const res = await book('alice', { slice: 'alpha', nodes: [2, 1, 2], t_from, t_until });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slice: 'alpha',
      whole: false,
      nodes: [1, 2],
      t_from,
      t_until,
      created_by: 'alice',
    });
    expect((await lab.as('bob', 'GET', `/api/v1/leases/${res.body.id}`)).body).toEqual(res.body);
  });

  it('refuses times off the grain with 400 naming the nearest aligned times', async () => {
    const [three, four] = [lab.slot(3), lab.slot(4)];
    const off = new Date(Date.parse(three) + 60_000).toISOString();
    const res = await book('alice', { slice: 'alpha', nodes: [1], t_from: off, t_until: lab.slot(5) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('RIG_ERR_VALIDATION');
    const [before, after] = [three, four].map((iso) => iso.replace('.000Z', 'Z'));
    expect(res.body.error.message).toContain(`use ${before} or ${after}`);
    expect(res.body.error.details).toMatchObject({
      field: 't_from',
      grainSeconds: 600,
      nearest: [before, after],
    });
  });

  it('refuses a start not before the end, a lease entirely past, and one too far ahead (400)', async () => {
    const cases = [
      { t_from: lab.slot(5), t_until: lab.slot(5), message: 'must come before' },
      { t_from: lab.slot(-3), t_until: lab.slot(-1), message: 'in the past' },
      { t_from: lab.slot(8 * 144), t_until: lab.slot(8 * 144 + 1), message: 'more than 7 days ahead' },
    ];
    for (const { message, ...times } of cases) {
      const res = await book('alice', { slice: 'alpha', nodes: [1], ...times });
      expect(res.status, message).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
  });

  it('accepts a lease that has started but not ended (the current grain)', async () => {
    // Two grains from the current one's start: still running even if a boundary passes meanwhile.
    const res = await book('alice', {
      slice: 'alpha',
      nodes: [9],
      t_from: lab.slot(0),
      t_until: lab.slot(2),
    });
    expect(res.status).toBe(201);
    expect((await lab.as('alice', 'GET', '/api/v1/leases/current?node=9')).body).toMatchObject({
      id: res.body.id,
    });
    expect((await lab.as('alice', 'GET', '/api/v1/leases/current?node=8')).body).toBeNull();
  });

  it('refuses unknown nodes with 400 naming them, and malformed bodies with 400', async () => {
    const res = await book('alice', {
      slice: 'alpha',
      nodes: [1, 77, 'fit99'],
      t_from: lab.slot(6),
      t_until: lab.slot(7),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/unknown nodes 77, "fit99"/);
    expect(res.body.error.details.unknown).toEqual([77, 'fit99']);
    for (const body of [
      { slice: 'alpha', nodes: [], t_from: lab.slot(6), t_until: lab.slot(7) },
      { slice: 'alpha', nodes: 'some', t_from: lab.slot(6), t_until: lab.slot(7) },
      { slice: 'alpha', nodes: [1], t_from: 'tomorrow', t_until: lab.slot(7) },
      { slice: 'alpha', nodes: [1], t_from: lab.slot(6) },
    ]) {
      const bad = await book('alice', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('RIG_ERR_VALIDATION');
    }
  });

  it('lets users book only for their slices (403), operators for any, and 404 for no such slice', async () => {
    const times = { nodes: [3], t_from: lab.slot(10), t_until: lab.slot(11) };
    const refused = await book('bob', { slice: 'alpha', ...times });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('bob is not a member of slice alpha');
    expect((await book('oscar', { slice: 'alpha', ...times })).status).toBe(201);
    expect(
      (await book('oscar', { slice: 'nope', ...times, t_from: lab.slot(12), t_until: lab.slot(13) })).status,
    ).toBe(404);
    expect((await lab.as('nobody', 'POST', '/api/v1/leases', { slice: 'alpha', ...times })).status).toBe(401);
  });

  it("limits a user's lease duration (403), not an operator's", async () => {
    const long = { slice: 'beta', nodes: [4], t_from: lab.slot(20), t_until: lab.slot(20 + 13) };
    const refused = await book('bob', long);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ limit: 'maxDurationHours', max: 2 });
    expect(refused.body.error.message).toContain('a lease of 2.17 h is longer than users may book (2 h');
    expect((await book('oscar', long)).status).toBe(201);
  });

  it("limits a user's leases not yet ended (403), counting only theirs", async () => {
    const at = (n: number) => ({
      slice: 'beta',
      nodes: [5],
      t_from: lab.slot(40 + n),
      t_until: lab.slot(41 + n),
    });
    for (const n of [0, 1, 2]) expect((await book('bob', at(n))).status).toBe(201);
    const refused = await book('bob', at(3));
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ limit: 'maxFutureBookings', max: 3, open: 3 });
    // Cancelling one makes room again.
    const mine = await lab.as('bob', 'GET', '/api/v1/leases?slice=beta&node=5');
    expect((await lab.as('bob', 'DELETE', `/api/v1/leases/${mine.body[0].id}`)).status).toBe(204);
    expect((await book('bob', at(3))).status).toBe(201);
  });
});
