import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { expectNothingBroadcast, SidecarPeer } from './peer.ts';

describe('sidecar face and the other writers of the live status', () => {
  let t: TestRig;
  let observer: SidecarPeer;

  beforeEach(async () => {
    t = await startRig({ sidecar: true });
    observer = await SidecarPeer.connect(t.sidecarUrl!);
  });
  afterEach(async () => {
    await observer?.close();
    await t?.destroy();
  });

  it('broadcasts a POST /api/v1/status as an incremental info', async () => {
    const body = { kind: 'node', records: [{ id: 3, cmc_on_off: 'on' }] };
    expect((await api(t.url, 'POST', '/api/v1/status', body)).status).toBe(200);
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 3, cmc_on_off: 'on' }]);
    // Merged with what the sidecar wrote, and sent whole.
    observer.send({ category: 'nodes', action: 'info', message: [{ id: 3, available: 'ko' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 3, cmc_on_off: 'on', available: 'ko' }]);
    const again = await api(t.url, 'POST', '/api/v1/status', {
      kind: 'node',
      records: [{ id: 3, available: 'ko' }],
    });
    expect(again.body).toEqual({ changed: [] });
    await expectNothingBroadcast(observer, [observer]);
  });

  it('broadcasts pdu changes from the API in the pdus category, by string id', async () => {
    const body = { kind: 'pdu', records: [{ id: 'jaguar', on_off: 'off' }] };
    expect((await api(t.url, 'POST', '/api/v1/status', body)).status).toBe(200);
    expect(await observer.readRecords('pdus', 1)).toEqual([{ id: 'jaguar', on_off: 'off' }]);
  });

  it('does not broadcast kinds R2lab does not have', async () => {
    const body = { kind: 'switch', records: [{ id: 'sw1', on_off: 'on' }] };
    expect((await api(t.url, 'POST', '/api/v1/status', body)).status).toBe(200);
    await expectNothingBroadcast(observer, [observer]);
  });

  it('makes a record written on the sidecar visible in GET /api/v1/status/node/:id', async () => {
    observer.send({ category: 'nodes', action: 'info', message: [{ id: 12, os_release: 'fedora-41' }] });
    observer.send({ category: 'nodes', action: 'info', message: [{ id: '12', os_release: 'other' }] });
    await observer.readRecords('nodes', 2);
    const integer = await api(t.url, 'GET', '/api/v1/status/node/12');
    expect(integer.status).toBe(200);
    expect(integer.body).toEqual({ id: 12, os_release: 'fedora-41' });
    const snapshot = await api(t.url, 'GET', '/api/v1/status?kind=node');
    expect(snapshot.body.node).toEqual([
      { id: 12, os_release: 'fedora-41' },
      { id: '12', os_release: 'other' },
    ]);
  });
});
