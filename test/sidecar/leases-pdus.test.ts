import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import {
  closeSidecarPair,
  expectNothingBroadcast,
  openSidecarPair,
  requestDump,
  type SidecarPeer,
} from './peer.ts';

const lease = {
  id: 4211,
  resource_id: 1,
  slice_id: 17,
  t_from: '2026-03-20T08:00:00Z',
  t_until: '2026-03-20T10:00:00Z',
  created_at: '2026-03-18T09:12:44.123456Z',
  slice_name: 'inria_r2lab.nightly',
};

describe('sidecar pdus and leases (§5.3, §5.4, §10)', () => {
  let t: TestRig;
  let a: SidecarPeer;
  let observer: SidecarPeer;

  beforeEach(async () => {
    ({ t, a, observer } = await openSidecarPair());
  });
  afterEach(() => closeSidecarPair({ t, a, observer }));

  it('echoes a pdus info with incremental: true, keyed by string ids', async () => {
    const jaguar = { id: 'jaguar', on_off: 'on', icon_x_rank: 9.25, icon_y_rank: 0, label: 'RRU' };
    a.send({ category: 'pdus', action: 'info', message: [jaguar] });
    expect(await observer.readRecords('pdus', 1)).toEqual([jaguar]);
    expect(await a.readRecords('pdus', 1)).toEqual([jaguar]);
  });

  it('echoes a leases info with incremental: true, replacing the whole list', async () => {
    const legacy = { uuid: 'u-1', slicename: 'inria_old', ok: true, valid_from: 'x', valid_until: 'y' };
    a.send({ category: 'leases', action: 'info', message: [lease, legacy] });
    const expected = { category: 'leases', action: 'info', message: [lease, legacy], incremental: true };
    expect(await observer.read()).toEqual(expected);
    expect(await a.read()).toEqual(expected);
    a.send({ category: 'leases', action: 'info', message: [legacy] });
    expect(await observer.read()).toEqual({ ...expected, message: [legacy] });
    expect(await a.read()).toEqual({ ...expected, message: [legacy] });
    // A request re-polls Rig's own leases (§5.2), which replace what a client pushed: none here.
    expect(await requestDump(a, 'leases', [a, observer])).toEqual([]);
  });

  it('stores an empty leases info without broadcasting it', async () => {
    a.send({ category: 'leases', action: 'info', message: [lease] });
    await observer.read();
    await a.read();
    a.send({ category: 'leases', action: 'info', message: [] });
    await expectNothingBroadcast(a, [a, observer]);
    expect(await requestDump(a, 'leases', [a, observer])).toEqual([]);
  });
});
