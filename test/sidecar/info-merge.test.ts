import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import {
  closeSidecarPair,
  expectNothingBroadcast,
  openSidecarPair,
  requestDump,
  type SidecarPeer,
} from './peer.ts';

const info = (category: string, message: unknown) => ({ category, action: 'info', message });

describe('sidecar info on keyed categories (§5.3, §10)', () => {
  let t: TestRig;
  let a: SidecarPeer;
  let observer: SidecarPeer;

  beforeEach(async () => {
    ({ t, a, observer } = await openSidecarPair());
  });
  afterEach(() => closeSidecarPair({ t, a, observer }));

  const first = [
    { id: 1, available: 'ok', cmc_on_off: 'on' },
    { id: 37, usrp_type: 'b210' },
  ];

  it('broadcasts new records to every client with incremental: true', async () => {
    a.send(info('nodes', first));
    expect(await observer.readRecords('nodes', 2)).toEqual(first);
    expect(await a.readRecords('nodes', 2)).toEqual(first);
  });

  it('broadcasts nothing for an info that changes nothing', async () => {
    a.send(info('nodes', first));
    await observer.readRecords('nodes', 2);
    await a.readRecords('nodes', 2);
    a.send(info('nodes', first));
    // A subset with equal values is no news either.
    a.send(info('nodes', [{ id: 1, cmc_on_off: 'on' }]));
    await expectNothingBroadcast(a, [a, observer]);
  });

  it('broadcasts nothing for a message that is an object, or records without an id', async () => {
    a.send(info('nodes', { id: 1, available: 'ko' }));
    a.send(info('nodes', [{ available: 'ko' }, { ident: 3 }]));
    a.send(info('nodes', [null, 'x', 12]));
    await expectNothingBroadcast(a, [a, observer]);
    expect(await requestDump(a, 'nodes', [a, observer])).toEqual([]);
  });

  it('broadcasts only the records of an info that changed, each merged whole', async () => {
    a.send(info('nodes', first));
    await observer.readRecords('nodes', 2);
    const twelveKeys = {
      id: 1,
      available: 'ok',
      cmc_on_off: 'on',
      control_ping: 'on',
      control_ssh: 'on',
      usrp_on_off: 'off',
      os_release: 'ubuntu-24.04',
      gnuradio_release: 'none',
      image_radical: 'u24',
      docker_version: '',
      container_running: 'false',
      container_image: '',
    };
    a.send(info('nodes', [twelveKeys, { id: 37, usrp_type: 'b210' }]));
    expect(await observer.readRecords('nodes', 1)).toEqual([twelveKeys]);
    a.send(info('nodes', [{ id: 1, uname: 'x' }]));
    const [merged] = await observer.readRecords('nodes', 1);
    expect(merged).toEqual({ ...twelveKeys, uname: 'x' });
    expect(Object.keys(merged!)).toHaveLength(13);
  });

  it('never removes keys, and detects changes in nested values', async () => {
    a.send(info('nodes', [{ id: 5, images: ['a.png'], available: 'ok' }]));
    await observer.readRecords('nodes', 1);
    a.send(info('nodes', [{ id: 5, images: ['a.png'] }]));
    await expectNothingBroadcast(a, [observer]);
    a.send(info('nodes', [{ id: 5, images: ['a.png', 'b.png'] }]));
    expect(await observer.readRecords('nodes', 1)).toEqual([
      { id: 5, images: ['a.png', 'b.png'], available: 'ok' },
    ]);
  });

  it('takes the first element of a record that is a list (R2lab debug hack)', async () => {
    a.send(info('phones', [[{ id: 1, airplane_mode: 'off' }, { id: 2 }]]));
    expect(await observer.readRecords('phones', 1)).toEqual([{ id: 1, airplane_mode: 'off' }]);
  });

  it('keeps node 1 and node "1" as two distinct records (§5.3, §11.5)', async () => {
    a.send(info('nodes', [{ id: 1, cmc_on_off: 'on' }]));
    await observer.readRecords('nodes', 1);
    a.send(info('nodes', [{ id: '1', cmc_on_off: 'off' }]));
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: '1', cmc_on_off: 'off' }]);
    // Setting the string id again changes nothing of the integer one, and vice versa.
    a.send(info('nodes', [{ id: 1, cmc_on_off: 'on' }]));
    await expectNothingBroadcast(a, [observer]);
    expect(await requestDump(observer, 'nodes', [observer])).toEqual([
      { id: 1, cmc_on_off: 'on' },
      { id: '1', cmc_on_off: 'off' },
    ]);
  });
});
