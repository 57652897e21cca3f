import { memo } from 'react';
import { type NodeState, nodeStateInfo, powerState } from '../live/device-state.ts';
import { shortOs } from '../live/format.ts';
import { type DeviceView, sameData } from '../live/views.ts';

interface Props {
  view: DeviceView;
  state: NodeState;
  selected: boolean;
  /** The slice that holds the node now, if any, and whether it is one of the user's. */
  holder: string | undefined;
  mine: boolean;
  onOpen: (key: string, opener: HTMLElement) => void;
}

const toneOfPower = { ssh: 'ok', ping: 'busy', on: 'warn', off: 'off', fail: 'fail', unknown: 'unknown' };

function usrpOf(view: DeviceView): string | undefined {
  const type = view.status?.usrp_type ?? view.device?.attributes.usrp_type;
  return typeof type === 'string' && type && type !== 'none' ? type : undefined;
}

/** One node of the grid: its number, its state in words and colour, its OS and radio. */
export const NodeTile = memo(function NodeTile({ view, state, selected, holder, mine, onOpen }: Props) {
  const power = powerState(view.status);
  const os = shortOs(view.status?.os_release);
  const usrp = usrpOf(view);
  const usrpPower = view.status?.usrp_on_off;
  const number = typeof view.id === 'number' ? String(view.id).padStart(2, '0') : view.id;
  const details = [nodeStateInfo[state].label];
  if (state === 'unavailable' && power !== 'unknown') details.push(`power ${power}`);
  if (view.status?.os_release) details.push(String(view.status.os_release));
  if (usrp) details.push(`USRP ${usrp}${typeof usrpPower === 'string' ? ` ${usrpPower}` : ''}`);
  if (holder) details.push(`leased by ${holder}${mine ? ' (yours)' : ''}`);
  return (
    <li className="tile-cell">
      <button
        type="button"
        className={`tile tone-${toneOfPower[power]}${state === 'unavailable' ? ' is-unavailable' : ''}`}
        data-state={state}
        aria-label={`${view.name}: ${details.join(', ')}`}
        aria-expanded={selected}
        aria-controls={selected ? 'device-detail' : undefined}
        title={`${view.name} — ${nodeStateInfo[state].description}${holder ? ` — leased by ${holder}` : ''}`}
        onClick={(event) => onOpen(view.key, event.currentTarget)}
      >
        <span className="tile-top">
          <span className="tile-number">{number}</span>
          {holder && (
            <span className={`tile-lease${mine ? ' is-mine' : ''}`} data-lease={holder}>
              {holder}
            </span>
          )}
        </span>
        <span className="tile-state">
          {state === 'unavailable' ? 'unavail.' : nodeStateInfo[state].label}
        </span>
        <span className="tile-meta">
          <span className="tile-os">{os ?? ' '}</span>
          {usrp && (
            <span className={`tile-usrp usrp-${typeof usrpPower === 'string' ? usrpPower : 'unknown'}`}>
              {usrp}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}, sameTile);

function sameTile(a: Props, b: Props): boolean {
  return (
    sameData(a.view, b.view) &&
    a.state === b.state &&
    a.selected === b.selected &&
    a.holder === b.holder &&
    a.mine === b.mine &&
    a.onOpen === b.onOpen
  );
}
