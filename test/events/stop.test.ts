import { afterEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import { closeCode, connect, eventsRig } from './helpers.ts';

describe('events: stopping Rig', () => {
  let t: TestRig | undefined;
  afterEach(async () => t?.destroy());

  it('closes every client with 1001 (going away)', async () => {
    t = await eventsRig();
    const clients = await Promise.all([connect(t), connect(t, '?topics=status')]);
    const codes = Promise.all(clients.map(closeCode));
    await t.stop();
    expect(await codes).toEqual([1001, 1001]);
    expect(t.rig.events.hub.clientCount).toBe(0);
  });
});
