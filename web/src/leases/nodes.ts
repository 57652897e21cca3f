/**
 * Which nodes a lease holds, and the text form of a node set (`1-5, 9, fit12`), as the CLI's
 * `rig lease book --nodes 1-5,9` reads it. Pure functions, tested in test/dashboard.
 */

type NodeId = number | string;

export interface LeaseNodes {
  whole: boolean;
  nodes: readonly NodeId[];
}

export interface NamedNode {
  id: NodeId;
  name: string;
}

/** Whether the lease holds the node (type-exact ids: 1 and "1" differ). */
export const holds = (lease: LeaseNodes, id: NodeId): boolean => lease.whole || lease.nodes.includes(id);

export interface ParsedNodes {
  ids: NodeId[];
  /** Parts that name no known node. */
  unknown: string[];
}

/**
 * Reads `1-5, 9, fit12`: integers and ranges of integer ids, or node names (or string ids).
 * Duplicates are dropped; the order is the nodes' order.
 */
export function parseNodeSet(text: string, known: readonly NamedNode[]): ParsedNodes {
  const wanted = new Set<NodeId>();
  const unknown: string[] = [];
  const byName = new Map<string, NodeId>();
  for (const node of known) {
    byName.set(node.name.toLowerCase(), node.id);
    if (typeof node.id === 'string') byName.set(node.id.toLowerCase(), node.id);
  }
  const numeric = new Set(known.map((n) => n.id).filter((id): id is number => typeof id === 'number'));
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])].sort((a, b) => a - b) as [number, number];
      let any = false;
      for (let id = from; id <= to && id - from <= 100_000; id++)
        if (numeric.has(id)) {
          wanted.add(id);
          any = true;
        }
      if (!any) unknown.push(part);
    } else if (/^\d+$/.test(part) && numeric.has(Number(part))) wanted.add(Number(part));
    else {
      const id = byName.get(part.toLowerCase());
      if (id === undefined) unknown.push(part);
      else wanted.add(id);
    }
  }
  return { ids: known.map((n) => n.id).filter((id) => wanted.has(id)), unknown };
}

/** `1-5, 9, fit-a`: consecutive integers become ranges. */
export function formatNodeSet(ids: readonly NodeId[]): string {
  const numbers = ids.filter((id): id is number => typeof id === 'number').sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && (numbers[j + 1] as number) === (numbers[j] as number) + 1) j++;
    parts.push(j > i ? `${numbers[i]}-${numbers[j]}` : String(numbers[i]));
    i = j + 1;
  }
  return [...parts, ...ids.filter((id): id is string => typeof id === 'string')].join(', ');
}

/** A lease's nodes for people: "whole testbed" or "nodes 1-5, 9". */
export function describeNodes(lease: LeaseNodes): string {
  if (lease.whole) return 'whole testbed';
  return `${lease.nodes.length === 1 ? 'node' : `${lease.nodes.length} nodes:`} ${formatNodeSet(lease.nodes)}`;
}
