import { describe, expect, it } from 'vitest';
import {
  addDays,
  daySegments,
  fromLocalInput,
  minuteOfDay,
  snap,
  toLocalInput,
  weekStart,
} from '../../web/src/leases/calendar.ts';
import { describeNodes, formatNodeSet, holds, parseNodeSet } from '../../web/src/leases/nodes.ts';

/** The dashboard's calendar arithmetic and node sets: pure functions, in the machine's time zone. */
describe('week calendar arithmetic', () => {
  const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

  it('starts weeks on Monday at local midnight, whatever the day and hour', () => {
    const monday = local(2026, 11, 16);
    expect(weekStart(local(2026, 11, 16, 0, 0))).toBe(monday);
    expect(weekStart(local(2026, 11, 19, 13, 37))).toBe(monday);
    expect(weekStart(local(2026, 11, 22, 23, 59))).toBe(monday);
    expect(weekStart(local(2026, 11, 23, 0, 0))).toBe(local(2026, 11, 23));
    expect(addDays(monday, 7)).toBe(local(2026, 11, 23));
  });

  it('snaps times to the grain, down, up or to the nearest', () => {
    const grain = 600_000;
    const t = local(2026, 11, 16, 10, 14);
    expect(new Date(snap(t, grain, 'floor')).getMinutes()).toBe(10);
    expect(new Date(snap(t, grain, 'ceil')).getMinutes()).toBe(20);
    expect(new Date(snap(t, grain, 'round')).getMinutes()).toBe(10);
    expect(snap(local(2026, 11, 16, 10, 20), grain, 'ceil')).toBe(local(2026, 11, 16, 10, 20));
  });

  it('places times on the day by the wall clock and clips them to the day', () => {
    const day = local(2026, 11, 16);
    const next = addDays(day, 1);
    expect(minuteOfDay(local(2026, 11, 16, 14, 30), day, next)).toBe(870);
    expect(minuteOfDay(local(2026, 11, 15, 22), day, next)).toBe(0);
    expect(minuteOfDay(local(2026, 11, 17, 2), day, next)).toBe(1440);
  });

  it('cuts a lease across midnight into one segment per day, marked as continuing', () => {
    const lease = { id: 1, from: local(2026, 11, 16, 22), until: local(2026, 11, 17, 2) };
    const monday = local(2026, 11, 16);
    const [first] = daySegments([lease], monday, addDays(monday, 1));
    const [second] = daySegments([lease], addDays(monday, 1), addDays(monday, 2));
    expect(first).toMatchObject({ top: 1320, bottom: 1440, continuesBefore: false, continuesAfter: true });
    expect(second).toMatchObject({ top: 0, bottom: 120, continuesBefore: true, continuesAfter: false });
    expect(daySegments([lease], addDays(monday, 2), addDays(monday, 3))).toEqual([]);
  });

  it('lays overlapping leases side by side and lets the next free lane be reused', () => {
    const day = local(2026, 11, 16);
    const at = (h: number) => local(2026, 11, 16, h);
    const segments = daySegments(
      [
        { id: 1, from: at(9), until: at(12) },
        { id: 2, from: at(10), until: at(11) },
        { id: 3, from: at(11), until: at(13) },
        { id: 4, from: at(14), until: at(15) },
      ],
      day,
      addDays(day, 1),
    );
    const byId = Object.fromEntries(segments.map((s) => [s.item.id, [s.lane, s.lanes]]));
    // 1, 2 and 3 overlap as a cluster of two lanes (3 reuses 2's lane); 4 is alone.
    expect(byId).toEqual({ 1: [0, 2], 2: [1, 2], 3: [1, 2], 4: [0, 1] });
  });

  it('reads and writes datetime-local values in local time', () => {
    const t = local(2026, 3, 5, 7, 40);
    expect(toLocalInput(t)).toBe('2026-03-05T07:40');
    expect(fromLocalInput('2026-03-05T07:40')).toBe(t);
    expect(fromLocalInput('')).toBeNaN();
    expect(fromLocalInput('tomorrow')).toBeNaN();
  });
});

describe('node sets', () => {
  const nodes = [1, 2, 3, 4, 5, 9, 12].map((id) => ({ id, name: `fit${String(id).padStart(2, '0')}` }));
  const withNamed = [...nodes, { id: 'bench-a', name: 'bench-a' }];

  it('reads numbers, ranges and names in the nodes order, and names what it does not know', () => {
    expect(parseNodeSet('1-3, 9', nodes)).toEqual({ ids: [1, 2, 3, 9], unknown: [] });
    expect(parseNodeSet('12 fit01 4-1', nodes)).toEqual({ ids: [1, 2, 3, 4, 12], unknown: [] });
    expect(parseNodeSet('bench-a, 5', withNamed)).toEqual({ ids: [5, 'bench-a'], unknown: [] });
    expect(parseNodeSet('7, 20-30, fit99', nodes)).toEqual({ ids: [], unknown: ['7', '20-30', 'fit99'] });
  });

  it('writes ids back compactly, and says what a lease holds', () => {
    expect(formatNodeSet([1, 2, 3, 5, 9, 10, 'bench-a'])).toBe('1-3, 5, 9-10, bench-a');
    expect(describeNodes({ whole: true, nodes: [] })).toBe('whole testbed');
    expect(describeNodes({ whole: false, nodes: [7] })).toBe('node 7');
    expect(describeNodes({ whole: false, nodes: [1, 2, 3] })).toBe('3 nodes: 1-3');
  });

  it('compares ids exactly: the integer 1 is not the name "1"', () => {
    expect(holds({ whole: false, nodes: [1] }, 1)).toBe(true);
    expect(holds({ whole: false, nodes: [1] }, '1')).toBe(false);
    expect(holds({ whole: true, nodes: [] }, 'anything')).toBe(true);
  });
});
