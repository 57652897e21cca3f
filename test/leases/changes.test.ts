import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeaseLab, leaseLab } from './lab.ts';

describe('extend, shorten, cancel', () => {
  let lab: LeaseLab;
  const book = async (who: string, slice: string, nodes: unknown, from: string, until: string) => {
    const res = await lab.as(who, 'POST', '/api/v1/leases', { slice, nodes, t_from: from, t_until: until });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: number; t_from: string; t_until: string };
  };
  const patch = (who: string, id: number, body: unknown) =>
    lab.as(who, 'PATCH', `/api/v1/leases/${id}`, body);

  beforeAll(async () => {
    lab = await leaseLab({ leases: { maxDurationHours: 3 } });
  });
  afterAll(async () => lab?.destroy());

  it('extends and shortens a lease with the same checks as a booking', async () => {
    const lease = await book('alice', 'alpha', [1], lab.slot(3), lab.slot(5));
    const extended = await patch('alice', lease.id, { t_until: lab.slot(7) });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ id: lease.id, t_from: lease.t_from, t_until: lab.slot(7) });
    expect((await patch('alice', lease.id, { t_until: lab.slot(4) })).body.t_until).toBe(lab.slot(4));
    // Off the grain, beyond the user's longest lease, before its start: refused like a booking.
    const off = new Date(Date.parse(lab.slot(5)) + 1000).toISOString();
    expect((await patch('alice', lease.id, { t_until: off })).status).toBe(400);
    expect((await patch('alice', lease.id, { t_until: lab.slot(3 + 19) })).status).toBe(403);
    expect((await patch('alice', lease.id, { t_until: lab.slot(3) })).status).toBe(400);
    // Moving the start of a lease that has not started is allowed.
    const moved = await patch('alice', lease.id, { t_from: lab.slot(2), t_until: lab.slot(3) });
    expect(moved.body).toMatchObject({ t_from: lab.slot(2), t_until: lab.slot(3) });
  });

  it("refuses an extension into another lease with 409 naming it, and others' changes with 403", async () => {
    const mine = await book('alice', 'alpha', [2], lab.slot(10), lab.slot(12));
    const theirs = await book('bob', 'beta', [2, 3], lab.slot(13), lab.slot(15));
    const res = await patch('alice', mine.id, { t_until: lab.slot(14) });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ lease: { id: theirs.id, slice: 'beta' }, nodes: [2] });
    expect((await patch('alice', mine.id, { t_until: lab.slot(13) })).status).toBe(200);
    expect((await patch('bob', mine.id, { t_until: lab.slot(11) })).status).toBe(403);
    expect((await lab.as('bob', 'DELETE', `/api/v1/leases/${mine.id}`)).status).toBe(403);
    expect((await patch('oscar', mine.id, { t_until: lab.slot(11) })).status).toBe(200);
  });

  it('lets a user shorten a lease longer than users may book, never lengthen it', async () => {
    const long = await book('oscar', 'alpha', [7], lab.slot(30), lab.slot(30 + 24));
    expect((await patch('alice', long.id, { t_until: lab.slot(30 + 25) })).status).toBe(403);
    const shorter = await patch('alice', long.id, { t_until: lab.slot(30 + 20) });
    expect(shorter.status).toBe(200);
    expect(shorter.body.t_until).toBe(lab.slot(30 + 20));
  });

  it('deletes a lease that has not started (204)', async () => {
    const lease = await book('alice', 'alpha', [4], lab.slot(20), lab.slot(21));
    expect((await lab.as('alice', 'DELETE', `/api/v1/leases/${lease.id}`)).status).toBe(204);
    expect((await lab.as('alice', 'GET', `/api/v1/leases/${lease.id}`)).status).toBe(404);
    expect((await lab.as('alice', 'DELETE', `/api/v1/leases/${lease.id}`)).status).toBe(404);
  });

  it('shrinks a running lease so that it ends now (200), freeing its nodes at once', async () => {
    const lease = await book('alice', 'alpha', [5], lab.slot(0), lab.slot(3));
    expect((await patch('alice', lease.id, { t_from: lab.slot(1) })).status).toBe(409);
    const before = Date.now();
    const res = await lab.as('alice', 'DELETE', `/api/v1/leases/${lease.id}`);
    expect(res.status).toBe(200);
    expect(res.body.t_from).toBe(lease.t_from);
    const ended = Date.parse(res.body.t_until);
    expect(ended).toBeGreaterThanOrEqual(before);
    expect(ended).toBeLessThanOrEqual(Date.now());
    expect((await lab.as('alice', 'GET', '/api/v1/leases/current?node=5')).body).toBeNull();
    // The node is free for the next grain.
    const next = await lab.as('bob', 'POST', '/api/v1/leases', {
      slice: 'beta',
      nodes: [5],
      t_from: lab.slot(1),
      t_until: lab.slot(2),
    });
    expect(next.status).toBe(201);
  });

  it('refuses to change or cancel a lease that has ended (409)', async () => {
    const lease = await book('alice', 'alpha', [6], lab.slot(0), lab.slot(3));
    expect((await lab.as('alice', 'DELETE', `/api/v1/leases/${lease.id}`)).status).toBe(200);
    const again = await lab.as('alice', 'DELETE', `/api/v1/leases/${lease.id}`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(new RegExp(`^lease ${lease.id} ended at `));
    expect((await patch('alice', lease.id, { t_until: lab.slot(4) })).status).toBe(409);
  });

  it('answers bad ids and bodies with 400', async () => {
    expect((await lab.as('alice', 'GET', '/api/v1/leases/abc')).status).toBe(400);
    expect((await patch('alice', 1, { t_until: 'later' })).status).toBe(400);
    expect((await patch('alice', 1, { nodes: [1] })).status).toBe(400);
    expect((await lab.as('alice', 'GET', '/api/v1/leases?after=yesterday')).status).toBe(400);
    expect((await lab.as('alice', 'GET', '/api/v1/leases/current')).status).toBe(400);
  });
});
