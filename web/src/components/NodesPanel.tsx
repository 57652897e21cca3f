import { useMemo, useState } from 'react';
import type { Lease } from '../api/types.ts';
import { type NodeState, nodeState, nodeStates } from '../live/device-state.ts';
import type { DeviceView } from '../live/views.ts';
import { Legend } from './Legend.tsx';
import { NodeTile } from './NodeTile.tsx';
import { Panel } from './Panel.tsx';

interface Props {
  /** The nodes that pass the filter box. */
  nodes: DeviceView[];
  total: number;
  loaded: boolean;
  selectedKey: string | undefined;
  /** The lease that holds a node now. */
  holderOf: (view: DeviceView) => Lease | undefined;
  /** The user's slices: their leases are marked as the user's. */
  mySlices: readonly string[];
  onOpen: (key: string, opener: HTMLElement) => void;
}

/** The grid of nodes coloured by state, with the legend that counts and filters them. */
export function NodesPanel({ nodes, total, loaded, selectedKey, holderOf, mySlices, onOpen }: Props) {
  const [only, setOnly] = useState<NodeState | undefined>(undefined);
  const states = useMemo(() => nodes.map((view) => [view, nodeState(view.status)] as const), [nodes]);
  const counts = useMemo(() => {
    const counts = Object.fromEntries(nodeStates.map((s) => [s, 0])) as Record<NodeState, number>;
    for (const [, state] of states) counts[state]++;
    return counts;
  }, [states]);
  const shown = only ? states.filter(([, state]) => state === only) : states;
  const count = shown.length === total ? String(total) : `${shown.length} of ${total}`;
  return (
    <Panel title="Nodes" count={count} className="nodes-panel">
      <Legend
        counts={counts}
        active={only}
        onToggle={(state) => setOnly(only === state ? undefined : state)}
      />
      {!loaded ? (
        <p className="empty">Loading the inventory…</p>
      ) : shown.length === 0 ? (
        <p className="empty">No node matches.</p>
      ) : (
        <ul className="node-grid" aria-label="Nodes">
          {shown.map(([view, state]) => {
            const lease = holderOf(view);
            return (
              <NodeTile
                key={view.key}
                view={view}
                state={state}
                selected={view.key === selectedKey}
                holder={lease?.slice}
                mine={lease !== undefined && mySlices.includes(lease.slice)}
                onOpen={onOpen}
              />
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
