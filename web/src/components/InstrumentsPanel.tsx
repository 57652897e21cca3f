import { summarize } from '../live/device-state.ts';
import { reading } from '../live/format.ts';
import type { DeviceView } from '../live/views.ts';
import { Chip } from './Chip.tsx';
import { Panel } from './Panel.tsx';

interface Props {
  views: DeviceView[];
  total: number;
  selectedKey: string | undefined;
  onOpen: (key: string, opener: HTMLElement) => void;
}

function readingsOf(view: DeviceView): Array<[string, number | null]> {
  const readings = view.status?.readings;
  if (typeof readings !== 'object' || readings === null) return [];
  return Object.entries(readings as Record<string, number | null>);
}

/** Slow-control instruments (HV supply, chiller): state and latest readings at a glance. */
export function InstrumentsPanel({ views, total, selectedKey, onOpen }: Props) {
  const count = views.length === total ? String(total) : `${views.length} of ${total}`;
  return (
    <Panel title="Instruments" count={count}>
      {views.length === 0 ? (
        <p className="empty">{total ? 'None matches the filter.' : 'None in the inventory.'}</p>
      ) : (
        <ul className="instrument-list" aria-label="Instruments">
          {views.map((view) => {
            const summary = summarize(view.kind, view.status);
            const readings = readingsOf(view);
            return (
              <li key={view.key}>
                <button
                  type="button"
                  className="instrument"
                  data-tone={summary.tone}
                  aria-label={`${view.name}: ${summary.label}`}
                  aria-expanded={view.key === selectedKey}
                  aria-controls={view.key === selectedKey ? 'device-detail' : undefined}
                  onClick={(event) => onOpen(view.key, event.currentTarget)}
                >
                  <span className="instrument-head">
                    <span className="row-text">
                      <span className="row-name">{view.name}</span>
                      {view.device?.model && <span className="row-sub">{view.device.model}</span>}
                    </span>
                    <Chip tone={summary.tone}>{summary.label}</Chip>
                  </span>
                  {readings.length > 0 && (
                    <span className="readings">
                      {readings.map(([name, value]) => (
                        <span key={name} className="reading">
                          <span className="reading-value">{reading(name, value)}</span>
                          <span className="reading-name">{name}</span>
                        </span>
                      ))}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
