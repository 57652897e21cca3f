import type { DeviceView } from '../live/views.ts';
import { DeviceRow } from './DeviceRow.tsx';
import { Panel } from './Panel.tsx';

interface Props {
  title: string;
  /** The devices that pass the filter box. */
  views: DeviceView[];
  total: number;
  subOf: (view: DeviceView) => string | undefined;
  selectedKey: string | undefined;
  onOpen: (key: string, opener: HTMLElement) => void;
}

/** Phones, PDUs, switches: a compact list of rows, each opening the detail panel. */
export function DeviceListPanel({ title, views, total, subOf, selectedKey, onOpen }: Props) {
  const count = views.length === total ? String(total) : `${views.length} of ${total}`;
  return (
    <Panel title={title} count={count}>
      {views.length === 0 ? (
        <p className="empty">{total ? 'None matches the filter.' : 'None in the inventory.'}</p>
      ) : (
        <ul className="device-list" aria-label={title}>
          {views.map((view) => (
            <DeviceRow
              key={view.key}
              view={view}
              sub={subOf(view)}
              selected={view.key === selectedKey}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
    </Panel>
  );
}
