import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { expectNothingBroadcast, requestDump, SidecarPeer } from './peer.ts';

describe('sidecar delete (§5.5, §11.8)', () => {
  let t: TestRig;
  let a: SidecarPeer;
  let observer: SidecarPeer;

  beforeEach(async () => {
    t = await startRig({ sidecar: true });
    a = await SidecarPeer.connect(t.sidecarUrl!);
    observer = await SidecarPeer.connect(t.sidecarUrl!);
    a.send({
      category: 'nodes',
      action: 'info',
      message: [
        { id: 1, available: 'ok' },
        { id: 37, usrp_type: 'b210' },
      ],
    });
    await a.readRecords('nodes', 2);
    await observer.readRecords('nodes', 2);
  });
  afterEach(async () => {
    await a?.close();
    await observer?.close();
    await t?.destroy();
  });

  it('removes the record without broadcasting anything; the next dump omits it', async () => {
    a.send({ category: 'nodes', action: 'delete', message: [{ id: 37 }] });
    await expectNothingBroadcast(a, [a, observer]);
    expect(await requestDump(a, 'nodes', [a, observer])).toEqual([{ id: 1, available: 'ok' }]);
    expect((await api(t.url, 'GET', '/api/v1/status/node/37')).status).toBe(404);
  });

  it('deletes by type-exact id, and ignores unknown ids', async () => {
    a.send({ category: 'nodes', action: 'delete', message: [{ id: '1' }, { id: 99 }, { nope: 1 }] });
    await expectNothingBroadcast(a, [a, observer]);
    expect(await requestDump(a, 'nodes', [a, observer])).toEqual([
      { id: 1, available: 'ok' },
      { id: 37, usrp_type: 'b210' },
    ]);
  });

  it('sends a record again, as new, after it was deleted', async () => {
    a.send({ category: 'nodes', action: 'delete', message: [{ id: 37 }] });
    a.send({ category: 'nodes', action: 'info', message: [{ id: 37, usrp_type: 'b210' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 37, usrp_type: 'b210' }]);
  });
});
