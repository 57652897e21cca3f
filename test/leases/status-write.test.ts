import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeaseLab, leaseLab } from './lab.ts';

describe('who may write the live status', () => {
  let lab: LeaseLab;
  const write = (who: string, kind: string, ids: unknown[]) =>
    lab.as(who, 'POST', '/api/v1/status', { kind, records: ids.map((id) => ({ id, note: who })) });

  beforeAll(async () => {
    lab = await leaseLab();
    const book = (who: string, slice: string, nodes: unknown, from: number, until: number) =>
      lab.as(who, 'POST', '/api/v1/leases', {
        slice,
        nodes,
        t_from: lab.slot(from),
        t_until: lab.slot(until),
      });
    expect((await book('alice', 'alpha', [1, 2], 0, 3)).status).toBe(201);
    // Booked, but not current yet: it gives no right now.
    expect((await book('alice', 'alpha', [3], 4, 5)).status).toBe(201);
  });
  afterAll(async () => lab?.destroy());

  it('lets a user write the status of the nodes a current lease of their slice holds', async () => {
    const res = await write('alice', 'node', [1, 2]);
    expect(res.status).toBe(200);
    expect((await lab.as('bob', 'GET', '/api/v1/status/node/2')).body).toMatchObject({
      id: 2,
      note: 'alice',
    });
  });

  it('refuses other nodes with 403 naming them, even among leased ones', async () => {
    const res = await write('alice', 'node', [2, 3, 4]);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('RIG_ERR_FORBIDDEN');
    expect(res.body.error.message).toBe('alice holds no current lease on nodes 3, 4');
    expect(res.body.error.details).toEqual({ nodes: [3, 4] });
    // Nothing of a refused write is applied.
    expect((await lab.as('bob', 'GET', '/api/v1/status/node/4')).status).toBe(404);
    expect((await write('bob', 'node', [1])).status).toBe(403);
  });

  it('refuses users the status of other kinds of devices', async () => {
    const res = await write('alice', 'pdu', ['jaguar']);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('only operators may write the status of pdu devices');
  });

  it('lets operators and admins write any status', async () => {
    expect((await write('oscar', 'node', [4, 5])).status).toBe(200);
    expect((await write('oscar', 'pdu', ['jaguar'])).status).toBe(200);
    expect((await write('root', 'node', [6])).status).toBe(200);
  });

  it('takes the right away when the lease is cancelled: no lock outlives its lease', async () => {
    const current = await lab.as('alice', 'GET', '/api/v1/leases/current?node=1');
    expect((await lab.as('alice', 'DELETE', `/api/v1/leases/${current.body.id}`)).status).toBe(200);
    expect((await write('alice', 'node', [1])).status).toBe(403);
  });
});
