import { afterEach, describe, expect, it } from 'vitest';
import { requestDump, SidecarPeer } from '../sidecar/peer.ts';
import { type LeaseLab, leaseLab } from './lab.ts';

/** The sidecar's `leases` category, in r2lab-api's LeaseRead format (sidecar-protocol.md §7.4). */
describe('leases on the sidecar', () => {
  let lab: LeaseLab | undefined;
  let peer: SidecarPeer | undefined;
  afterEach(async () => {
    await peer?.close();
    await lab?.destroy();
  });
  const open = async (leasePollSeconds: number) => {
    lab = await leaseLab({ sidecar: true, config: { sidecar: { leasePollSeconds } } });
    peer = await SidecarPeer.connect(lab.t.sidecarUrl as string);
    return { lab, peer };
  };

  it('broadcasts the whole list at once when a lease is booked, changed or cancelled', async () => {
    const { lab, peer } = await open(3600);
    const later = await lab.as('alice', 'POST', '/api/v1/leases', {
      slice: 'alpha',
      nodes: [2, 1],
      t_from: lab.slot(4),
      t_until: lab.slot(6),
    });
    const first = await peer.read('the leases after the booking');
    expect(first).toEqual({
      category: 'leases',
      action: 'info',
      message: [
        {
          id: later.body.id,
          resource_id: 1,
          slice_id: later.body.slice_id,
          t_from: lab.slot(4),
          t_until: lab.slot(6),
          created_at: later.body.created_at,
          slice_name: 'alpha',
          nodes: [1, 2],
        },
      ],
    });
    const whole = await lab.as('oscar', 'POST', '/api/v1/leases', {
      slice: 'beta',
      nodes: 'all',
      t_from: lab.slot(2),
      t_until: lab.slot(3),
    });
    // Sorted by t_from; the whole testbed shows as "all".
    const second = await peer.read('the leases after the second booking');
    expect((second.message as Array<{ id: number; nodes: unknown }>).map((l) => [l.id, l.nodes])).toEqual([
      [whole.body.id, 'all'],
      [later.body.id, [1, 2]],
    ]);
    expect((await lab.as('oscar', 'DELETE', `/api/v1/leases/${whole.body.id}`)).status).toBe(204);
    const third = await peer.read('the leases after the cancel');
    expect((third.message as Array<{ id: number }>).map((l) => l.id)).toEqual([later.body.id]);
  });

  it('keeps leases that ended earlier today, and answers a request with a fresh read', async () => {
    const { lab, peer } = await open(3600);
    const running = await lab.as('alice', 'POST', '/api/v1/leases', {
      slice: 'alpha',
      nodes: [3],
      t_from: lab.slot(0),
      t_until: lab.slot(2),
    });
    await peer.read('the booking');
    expect((await lab.as('alice', 'DELETE', `/api/v1/leases/${running.body.id}`)).status).toBe(200);
    await peer.read('the cancel');
    const dump = await requestDump(peer, 'leases');
    expect(dump).toHaveLength(1);
    expect(dump[0]).toMatchObject({ id: running.body.id, slice_name: 'alpha', nodes: [3] });
    expect(Date.parse(dump[0]?.t_until as string)).toBeLessThanOrEqual(Date.now());
  });

  it('broadcasts the list every leasePollSeconds, changed or not (R2lab §5.6)', async () => {
    const { lab, peer } = await open(0.2);
    const booked = await lab.as('alice', 'POST', '/api/v1/leases', {
      slice: 'alpha',
      nodes: [1],
      t_from: lab.slot(2),
      t_until: lab.slot(3),
    });
    for (let i = 0; i < 3; i++) {
      const frame = await peer.read(`broadcast ${i + 1}`);
      expect(frame).toMatchObject({ category: 'leases', action: 'info', message: [{ id: booked.body.id }] });
      expect('incremental' in frame).toBe(false);
    }
  });
});
