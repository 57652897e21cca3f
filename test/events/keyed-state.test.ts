import { describe, expect, it } from 'vitest';
import { KeyedState } from '../../src/events/index.ts';

describe('KeyedState: a topic state kept from its own facts', () => {
  it('lets facts that came during the initial load win over what the load read', () => {
    const state = new KeyedState<string>();
    state.set('a', 'a from a fact'); // changed after the load's read: the fact is newer
    state.delete('b'); // deleted after the load's read: stays deleted
    state.load([
      ['a', 'a as read'],
      ['b', 'b as read'],
      ['c', 'c as read'],
    ]);
    expect(state.values()).toEqual(['a from a fact', 'c as read']);
  });

  it('follows facts after the load', () => {
    const state = new KeyedState<number>();
    state.load([['a', 1]]);
    state.set('a', 2);
    state.set('b', 3);
    state.delete('a');
    expect(state.values()).toEqual([3]);
  });
});
