import { describe, expect, it } from 'vitest';
import {
  compressIds,
  isWholeTestbed,
  type NodeSelection,
  needsInventory,
  parseNodeSelection,
  resolveNodes,
} from '../../src/cli/node-selection.ts';
import { formatDuration, parseDuration, parseTime } from '../../src/cli/times.ts';

/** These run in the test process's time zone: expectations are built with local Dates too. */
const now = new Date(2026, 10, 22, 10, 17, 30);
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

function selection(...values: string[]): NodeSelection {
  const parsed = parseNodeSelection(values);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const known = [1, 2, 3, 4, 5, 6]
  .map((id) => ({ id, name: `fit0${id}` }))
  .concat([{ id: 40, name: 'jetson' }]);

describe('times as people type them', () => {
  it('reads a time of day as today, local, and says it was only a time of day', () => {
    expect(parseTime('14:00', now)).toEqual({ date: local(2026, 11, 22, 14), timeOfDay: true });
    expect(parseTime('9:05', now)?.date).toEqual(local(2026, 11, 22, 9, 5));
    expect(parseTime('9:05', now, local(2026, 12, 1))?.date).toEqual(local(2026, 12, 1, 9, 5));
  });

  it('reads dates, today and tomorrow, in the local time zone', () => {
    expect(parseTime('2026-11-23 14:00', now)?.date).toEqual(local(2026, 11, 23, 14));
    expect(parseTime('2026-11-23T14:00', now)?.date).toEqual(local(2026, 11, 23, 14));
    expect(parseTime('tomorrow 9:00', now)?.date).toEqual(local(2026, 11, 23, 9));
    expect(parseTime('Tomorrow', now)?.date).toEqual(local(2026, 11, 23));
    expect(parseTime('today 18:30', now)?.date).toEqual(local(2026, 11, 22, 18, 30));
    expect(parseTime('2026-12-31', now)?.date).toEqual(local(2026, 12, 31));
  });

  it('reads now and +durations relative to now, marked relative', () => {
    expect(parseTime('now', now)).toEqual({ date: now, timeOfDay: false, relative: true });
    expect(parseTime('+30m', now)?.date).toEqual(new Date(now.getTime() + 30 * 60_000));
    expect(parseTime('+1h30m', now)?.relative).toBe(true);
  });

  it('takes an ISO time with its own zone as it is', () => {
    expect(parseTime('2026-11-23T14:00:00Z', now)?.date.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(parseTime('2026-11-23T14:00+05:30', now)?.date.toISOString()).toBe('2026-11-23T08:30:00.000Z');
  });

  it('refuses what is not a time rather than guessing', () => {
    for (const text of [
      '14',
      '25:00',
      '14:60',
      '2026-02-30 10:00',
      'next week',
      '+2x',
      'tomorrow 9:00 pm',
      '',
    ])
      expect(parseTime(text, now), text).toBeUndefined();
  });

  it('reads and writes durations', () => {
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    for (const text of ['2', 'h', '1h-30m', '2 hours']) expect(parseDuration(text), text).toBeUndefined();
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(2 * 86_400_000 + 3_600_000)).toBe('2d1h');
    expect(formatDuration(600_000)).toBe('10m');
  });
});

describe("rhubarbe's node selection", () => {
  it('expands ranges, steps, names like fit08 and reboot12, commas and spaces', () => {
    expect(resolveNodes(selection('1-5,9'), [])).toEqual([1, 2, 3, 4, 5, 9]);
    expect(resolveNodes(selection('1-10-3'), [])).toEqual([1, 4, 7, 10]);
    expect(resolveNodes(selection('fit08 reboot12', 'fit3-fit5'), [])).toEqual([3, 4, 5, 8, 12]);
    expect(resolveNodes(selection('3,3,1'), [])).toEqual([1, 3]);
  });

  it('excludes with ~, from every known node when only exclusions are given', () => {
    expect(resolveNodes(selection('1-6,~4'), [])).toEqual([1, 2, 3, 5, 6]);
    expect(resolveNodes(selection('~2-3'), known)).toEqual([1, 4, 5, 6, 40]);
    expect(needsInventory(selection('~2-3'))).toBe(true);
    expect(needsInventory(selection('1-6,~4'))).toBe(false);
  });

  it('resolves other names through the inventory, and names one it does not know', () => {
    expect(needsInventory(selection('jetson,1'))).toBe(true);
    expect(resolveNodes(selection('jetson,1'), known)).toEqual([1, 40]);
    expect(resolveNodes(selection('xavier'), known)).toBe('no node is named xavier');
  });

  it('keeps `all` alone as the whole testbed, and with exclusions as the known nodes', () => {
    expect(isWholeTestbed(selection('all'))).toBe(true);
    expect(isWholeTestbed(selection('all,~6'))).toBe(false);
    expect(resolveNodes(selection('all,~6'), known)).toEqual([1, 2, 3, 4, 5, 40]);
  });

  it('says what is wrong with a bad selection', () => {
    expect(parseNodeSelection(['5-1'])).toBe('5-1: the range ends before it starts');
    expect(parseNodeSelection(['1-10-0'])).toBe('1-10-0: the step must be at least 1');
    expect(parseNodeSelection(['1-100000'])).toBe('1-100000: more than 10000 nodes');
    expect(parseNodeSelection(['1/2'])).toMatch(/is not a node/);
    expect(parseNodeSelection([' , '])).toBe('no nodes selected');
  });

  it('writes node ids back as ranges', () => {
    expect(compressIds([9, 1, 2, 3, 4, 5])).toBe('1-5,9');
    expect(compressIds([1, 3, 4, 'jetson'])).toBe('1,3-4,jetson');
    expect(compressIds([])).toBe('');
  });
});
