import type { DeviceId } from '../lib/device-ref.ts';

/**
 * rhubarbe's node selection (sidecar-protocol.md §13): `1 3 fit8 reboot12`, ranges `1-3`,
 * steps `1-10-2`, exclusions `~4` or `~10-20`, commas or spaces; `all` for the whole testbed.
 * `fit08` and `reboot12` name nodes 8 and 12; other names are looked up in the inventory.
 */

type Term = { type: 'ids'; ids: number[] } | { type: 'name'; name: string } | { type: 'all' };

export interface NodeSelection {
  include: Term[];
  exclude: Term[];
}

/** The nodes of the inventory, to resolve names, `~…` alone and `all` among other terms. */
export interface KnownNode {
  id: DeviceId;
  name: string;
}

const number = '(?:fit|reboot|node)?(\\d+)';
const single = new RegExp(`^${number}$`, 'i');
const range = new RegExp(`^${number}-${number}(?:-(\\d+))?$`, 'i');
const MAX_RANGE = 10_000;

function parseTerm(text: string): Term | string {
  if (text.toLowerCase() === 'all') return { type: 'all' };
  const one = single.exec(text);
  if (one) return { type: 'ids', ids: [Number(one[1])] };
  const span = range.exec(text);
  if (span) {
    const [from, to, step] = [Number(span[1]), Number(span[2]), Number(span[3] ?? 1)];
    if (step < 1) return `${text}: the step must be at least 1`;
    if (to < from) return `${text}: the range ends before it starts`;
    if ((to - from) / step > MAX_RANGE) return `${text}: more than ${MAX_RANGE} nodes`;
    const ids: number[] = [];
    for (let id = from; id <= to; id += step) ids.push(id);
    return { type: 'ids', ids };
  }
  if (/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(text)) return { type: 'name', name: text };
  return `"${text}" is not a node, a range (1-5, 1-10-2) or an exclusion (~4)`;
}

/** Parses the `--nodes` values; a string is the problem with the selection. */
export function parseNodeSelection(values: readonly string[]): NodeSelection | string {
  const selection: NodeSelection = { include: [], exclude: [] };
  const words = values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  if (!words.length) return 'no nodes selected';
  for (const word of words) {
    const excluded = word.startsWith('~');
    const term = parseTerm(excluded ? word.slice(1) : word);
    if (typeof term === 'string') return term;
    (excluded ? selection.exclude : selection.include).push(term);
  }
  return selection;
}

/** Whether resolving the selection needs the inventory's nodes. */
export function needsInventory(selection: NodeSelection): boolean {
  if (isWholeTestbed(selection)) return false;
  const terms = [...selection.include, ...selection.exclude];
  return !selection.include.length || terms.some((t) => t.type !== 'ids');
}

/** `all` and nothing else: the whole testbed, present and future nodes. */
export const isWholeTestbed = (selection: NodeSelection): boolean =>
  !selection.exclude.length &&
  selection.include.length > 0 &&
  selection.include.every((t) => t.type === 'all');

/** The node ids selected, sorted; a string names the first name that matches no node. */
export function resolveNodes(selection: NodeSelection, known: readonly KnownNode[]): DeviceId[] | string {
  const expand = (terms: Term[]): DeviceId[] | string => {
    const ids: DeviceId[] = [];
    for (const term of terms) {
      if (term.type === 'ids') ids.push(...term.ids);
      else if (term.type === 'all') ids.push(...known.map((n) => n.id));
      else {
        const found = known.find((n) => n.name === term.name || n.id === term.name);
        if (!found) return `no node is named ${term.name}`;
        ids.push(found.id);
      }
    }
    return ids;
  };
  // Only exclusions: from every node, as rhubarbe does from its all_scope.
  const included = selection.include.length ? expand(selection.include) : known.map((n) => n.id);
  const excluded = expand(selection.exclude);
  if (typeof included === 'string') return included;
  if (typeof excluded === 'string') return excluded;
  const dropped = new Set(excluded);
  return sortIds([...new Set(included)].filter((id) => !dropped.has(id)));
}

/** Integers first, in order, then names. */
export function sortIds(ids: readonly DeviceId[]): DeviceId[] {
  return [...ids].sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'number') return -1;
    if (typeof b === 'number') return 1;
    return a.localeCompare(b);
  });
}

/** `1-5,9,12`: node ids with consecutive integers as ranges. */
export function compressIds(ids: readonly DeviceId[]): string {
  const parts: string[] = [];
  const sorted = sortIds([...new Set(ids)]);
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i] as DeviceId;
    let end = i;
    if (typeof start === 'number') {
      while (
        typeof sorted[end + 1] === 'number' &&
        (sorted[end + 1] as number) === (sorted[end] as number) + 1
      )
        end++;
    }
    parts.push(end > i ? `${start}-${sorted[end]}` : String(start));
    i = end + 1;
  }
  return parts.join(',');
}
