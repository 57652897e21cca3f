import { memo } from 'react';
import { summarize } from '../live/device-state.ts';
import { type DeviceView, sameData } from '../live/views.ts';
import { Chip } from './Chip.tsx';

interface Props {
  view: DeviceView;
  /** Secondary text under the name (model, label…). */
  sub: string | undefined;
  selected: boolean;
  onOpen: (key: string, opener: HTMLElement) => void;
}

/** A device in a list panel: name, a line of context, and its state chip. */
export const DeviceRow = memo(function DeviceRow({ view, sub, selected, onOpen }: Props) {
  const summary = summarize(view.kind, view.status);
  return (
    <li>
      <button
        type="button"
        className="device-row"
        data-tone={summary.tone}
        aria-label={`${view.name}: ${summary.label}`}
        aria-expanded={selected}
        aria-controls={selected ? 'device-detail' : undefined}
        onClick={(event) => onOpen(view.key, event.currentTarget)}
      >
        <span className={`row-dot tone-${summary.tone}`} aria-hidden="true" />
        <span className="row-text">
          <span className="row-name">{view.name}</span>
          {sub && <span className="row-sub">{sub}</span>}
        </span>
        <Chip tone={summary.tone}>{summary.label}</Chip>
      </button>
    </li>
  );
}, sameRow);

function sameRow(a: Props, b: Props): boolean {
  return sameData(a.view, b.view) && a.sub === b.sub && a.selected === b.selected && a.onOpen === b.onOpen;
}
