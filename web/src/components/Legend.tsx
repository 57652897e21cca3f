import { type NodeState, nodeStateInfo, nodeStates } from '../live/device-state.ts';

interface Props {
  counts: Record<NodeState, number>;
  active: NodeState | undefined;
  onToggle: (state: NodeState) => void;
}

const toneOfState: Record<NodeState, string> = {
  ssh: 'ok',
  ping: 'busy',
  on: 'warn',
  off: 'off',
  fail: 'fail',
  unavailable: 'unavailable',
  unknown: 'unknown',
};

/** Colour key with a count per state; pressing a state shows only its nodes. */
export function Legend({ counts, active, onToggle }: Props) {
  return (
    <fieldset className="legend" aria-label="Node states">
      {nodeStates.map((state) => (
        <button
          key={state}
          type="button"
          className={`legend-item${active === state ? ' is-active' : ''}${counts[state] ? '' : ' is-empty'}`}
          aria-pressed={active === state}
          data-state={state}
          title={`${nodeStateInfo[state].description} — press to show only these`}
          onClick={() => onToggle(state)}
        >
          <span className={`swatch tone-${toneOfState[state]}`} aria-hidden="true" />
          <span className="legend-label">{nodeStateInfo[state].label}</span>
          <span className="legend-count">{counts[state]}</span>
        </button>
      ))}
    </fieldset>
  );
}
