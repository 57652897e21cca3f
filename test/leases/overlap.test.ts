import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeaseLab, leaseLab } from './lab.ts';

describe('overlaps', () => {
  let lab: LeaseLab;
  const book = (who: string, body: Record<string, unknown>) => lab.as(who, 'POST', '/api/v1/leases', body);
  const short = (iso: string) => iso.replace('.000Z', 'Z');

  beforeAll(async () => {
    lab = await leaseLab();
  });
  afterAll(async () => lab?.destroy());

  it('refuses an overlap on a shared node with 409 naming the lease, its slice, range and nodes in common', async () => {
    const [a, b, c] = [lab.slot(2), lab.slot(4), lab.slot(6)];
    const first = await book('alice', { slice: 'alpha', nodes: [1, 2, 3], t_from: a, t_until: c });
    expect(first.status).toBe(201);
    const res = await book('bob', { slice: 'beta', nodes: [3, 2, 4], t_from: b, t_until: lab.slot(8) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('RIG_ERR_CONFLICT');
    expect(res.body.error.message).toBe(
      `overlaps lease ${first.body.id} of slice alpha, ${short(a)} to ${short(c)}, on nodes 2, 3`,
    );
    expect(res.body.error.details).toEqual({
      lease: { id: first.body.id, slice: 'alpha', t_from: a, t_until: c },
      nodes: [2, 3],
      conflicts: [first.body.id],
    });
  });

  it('accepts back-to-back leases and leases on other nodes at the same time', async () => {
    const [a, b, c] = [lab.slot(10), lab.slot(12), lab.slot(14)];
    expect((await book('alice', { slice: 'alpha', nodes: [1], t_from: a, t_until: b })).status).toBe(201);
    expect((await book('bob', { slice: 'beta', nodes: [1], t_from: b, t_until: c })).status).toBe(201);
    expect((await book('bob', { slice: 'beta', nodes: [2], t_from: a, t_until: b })).status).toBe(201);
  });

  it('treats a whole-testbed lease as holding every node, both ways', async () => {
    const [a, b, c, d] = [lab.slot(20), lab.slot(22), lab.slot(24), lab.slot(26)];
    const whole = await book('oscar', { slice: 'beta', nodes: 'all', t_from: a, t_until: c });
    expect(whole.status).toBe(201);
    expect(whole.body).toMatchObject({ whole: true, nodes: [] });
    const onNode = await book('alice', { slice: 'alpha', nodes: [7], t_from: b, t_until: d });
    expect(onNode.status).toBe(409);
    expect(onNode.body.error.message).toContain(
      `overlaps lease ${whole.body.id} of slice beta (the whole testbed)`,
    );
    expect(onNode.body.error.details.nodes).toEqual([7]);

    const node = await book('alice', { slice: 'alpha', nodes: [8, 9], t_from: c, t_until: d });
    expect(node.status).toBe(201);
    const all = await book('oscar', { slice: 'beta', nodes: 'all', t_from: b, t_until: d });
    expect(all.status).toBe(409);
    // The earliest conflicting lease is named; the others are counted.
    expect(all.body.error.details).toMatchObject({ lease: { id: whole.body.id }, nodes: 'all' });
    expect(all.body.error.details.conflicts).toEqual([whole.body.id, node.body.id]);
    expect(all.body.error.message).toContain('on the whole testbed and 1 other lease(s)');
  });
});
