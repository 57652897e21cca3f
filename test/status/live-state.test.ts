import { describe, expect, it } from 'vitest';
import { LiveState } from '../../src/status/live-state.ts';

describe('LiveState merge (R2lab rules)', () => {
  it('stores an unknown id as is and reports it changed', () => {
    const state = new LiveState();
    expect(state.merge('node', [{ id: 1, cmc_on_off: 'on' }])).toEqual([{ id: 1, cmc_on_off: 'on' }]);
    expect(state.get('node', 1)).toEqual({ id: 1, cmc_on_off: 'on' });
  });

  it('merges shallowly per id and reports the whole merged record', () => {
    const state = new LiveState();
    state.merge('node', [{ id: 1, cmc_on_off: 'on', images: [{ a: 1 }] }]);
    const news = state.merge('node', [{ id: 1, control_ping: 'on', images: [{ b: 2 }] }]);
    expect(news).toEqual([{ id: 1, cmc_on_off: 'on', control_ping: 'on', images: [{ b: 2 }] }]);
  });

  it('reports nothing when every incoming key is deep-equal to the stored one', () => {
    const state = new LiveState();
    state.merge('node', [{ id: 1, cmc_on_off: 'on', images: [{ a: [1, 2] }] }]);
    expect(state.merge('node', [{ id: 1, images: [{ a: [1, 2] }] }])).toEqual([]);
    expect(state.merge('node', [{ id: 1 }])).toEqual([]);
  });

  it('counts a key absent from the stored record as a change, even when null', () => {
    const state = new LiveState();
    state.merge('node', [{ id: 1 }]);
    expect(state.merge('node', [{ id: 1, extra: null }])).toEqual([{ id: 1, extra: null }]);
  });

  it('never removes keys', () => {
    const state = new LiveState();
    state.merge('node', [{ id: 1, a: 1, b: 2 }]);
    state.merge('node', [{ id: 1, a: 3 }]);
    expect(state.get('node', 1)).toEqual({ id: 1, a: 3, b: 2 });
  });

  it('keeps ids type-exact: 1 and "1" are different records', () => {
    const state = new LiveState();
    state.merge('pdu', [
      { id: 1, on_off: 'on' },
      { id: '1', on_off: 'off' },
    ]);
    expect(state.list('pdu')).toEqual([
      { id: 1, on_off: 'on' },
      { id: '1', on_off: 'off' },
    ]);
  });

  it('skips items without a usable id and takes the first element of a list item', () => {
    const state = new LiveState();
    const news = state.merge('node', [
      null,
      3,
      'x',
      {},
      { id: null },
      { id: true },
      [{ id: 4, a: 1 }, { id: 5 }],
    ]);
    expect(news).toEqual([{ id: 4, a: 1 }]);
  });

  it('reports each id of one batch in input order, merging repeats in turn', () => {
    const state = new LiveState();
    const news = state.merge('node', [
      { id: 2, a: 1 },
      { id: 1, a: 1 },
      { id: 2, b: 1 },
    ]);
    expect(news).toEqual([
      { id: 2, a: 1 },
      { id: 1, a: 1 },
      { id: 2, a: 1, b: 1 },
    ]);
    expect(state.list('node').map((r) => r.id)).toEqual([2, 1]);
  });

  it('never mutates a record it handed out', () => {
    const state = new LiveState();
    const [first] = state.merge('node', [{ id: 1, a: 1 }]);
    const input = { id: 1, a: 2 };
    state.merge('node', [input]);
    expect(first).toEqual({ id: 1, a: 1 });
    input.a = 3;
    expect(state.get('node', 1)).toEqual({ id: 1, a: 2 });
  });

  it('keeps first-seen order, and puts a removed then re-added id last', () => {
    const state = new LiveState();
    state.merge('node', [{ id: 3 }, { id: 1 }, { id: 2 }]);
    expect(state.remove('node', [1, 99])).toEqual([1]);
    state.merge('node', [{ id: 1 }, { id: 3, a: 1 }]);
    expect(state.list('node').map((r) => r.id)).toEqual([3, 2, 1]);
    expect(state.positionOf('node', 1)).toBeGreaterThan(state.positionOf('node', 2) ?? Infinity);
  });

  it('restores loaded records by position and numbers new ones after them', () => {
    const state = new LiveState();
    state.load('node', [
      { record: { id: 'b' }, position: 7 },
      { record: { id: 'a' }, position: 2 },
    ]);
    state.merge('node', [{ id: 'c' }]);
    expect(state.list('node').map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(state.positionOf('node', 'c')).toBe(8);
  });

  it('keeps kinds apart', () => {
    const state = new LiveState();
    state.merge('node', [{ id: 1, a: 1 }]);
    expect(state.merge('phone', [{ id: 1, a: 1 }])).toEqual([{ id: 1, a: 1 }]);
    expect(state.list('pdu')).toEqual([]);
  });
});
