import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import {
  closeSidecarPair,
  expectNothingBroadcast,
  openSidecarPair,
  requestDump,
  type SidecarPeer,
} from './peer.ts';

describe('sidecar invalid input (§5.1, §11.9, §11.11)', () => {
  let t: TestRig;
  let a: SidecarPeer;
  let observer: SidecarPeer;

  beforeEach(async () => {
    ({ t, a, observer } = await openSidecarPair());
  });
  afterEach(() => closeSidecarPair({ t, a, observer }));

  it.each([
    ['an unknown category', { category: 'switches', action: 'request', message: 'PLEASE' }],
    ['the action refresh', { category: 'nodes', action: 'refresh', message: 'PLEASE' }],
    ['non-JSON text', 'hello {'],
    ['a JSON value that is not an object', '[1, 2]'],
    ['an info without a message', { category: 'nodes', action: 'info' }],
  ])('ignores %s and keeps the connection open', async (_what, frame) => {
    a.send(frame);
    await expectNothingBroadcast(a, [a, observer]);
    expect(a.open).toBe(true);
  });

  it.each([
    ['without action', { category: 'nodes', message: [{ id: 1 }] }],
    ['without category', { action: 'info', message: [{ id: 1 }] }],
  ])('keeps the connection open after an object %s (no 1011 close as in R2lab)', async (_what, frame) => {
    a.send(frame);
    await expectNothingBroadcast(a, [a, observer]);
    expect(a.open).toBe(true);
    a.send({ category: 'nodes', action: 'info', message: [{ id: 2, available: 'ok' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 2, available: 'ok' }]);
  });

  it('ignores binary frames', async () => {
    a.socket.send(Buffer.from('{"category":"nodes","action":"request","message":"x"}'), { binary: true });
    await expectNothingBroadcast(a, [a, observer]);
  });

  it('reads NaN and Infinity from Python json.dumps as null, and stays usable', async () => {
    // What json.dumps gives for an unset PDU icon coordinate, with Python's separators.
    a.send(
      '{"category": "pdus", "action": "info", "message": [{"id": "jaguar", "on_off": "on", ' +
        '"icon_x_rank": NaN, "icon_y_rank": Infinity, "location_x_grid": -Infinity, "label": "NaN Infinity"}]}',
    );
    const expected = {
      id: 'jaguar',
      on_off: 'on',
      icon_x_rank: null,
      icon_y_rank: null,
      location_x_grid: null,
      label: 'NaN Infinity',
    };
    expect(await observer.readRecords('pdus', 1)).toEqual([expected]);
    expect(await a.readRecords('pdus', 1)).toEqual([expected]);
    // Everything still works after it.
    a.send({ category: 'pdus', action: 'info', message: [{ id: 'jaguar', on_off: 'off' }] });
    expect(await observer.readRecords('pdus', 1)).toEqual([{ ...expected, on_off: 'off' }]);
    expect(await a.readRecords('pdus', 1)).toEqual([{ ...expected, on_off: 'off' }]);
    expect(await requestDump(observer, 'pdus', [a, observer])).toEqual([{ ...expected, on_off: 'off' }]);
  });

  it('echoes a request holding NaN as JSON that every client can parse', async () => {
    a.send('{"category": "nodes", "action": "request", "message": NaN}');
    for (const peer of [a, observer]) {
      expect(await peer.read()).toEqual({ category: 'nodes', action: 'info', message: [] });
      expect(await peer.read()).toEqual({ category: 'nodes', action: 'request', message: null });
    }
  });
});
