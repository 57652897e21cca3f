import type { ConnectionState } from '../live/connection.ts';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { FilterBox } from './FilterBox.tsx';

interface Props {
  connection: ConnectionState;
  onRetry: () => void;
  filter: string;
  onFilter: (value: string) => void;
  deviceCount: number;
}

export function Header({ connection, onRetry, filter, onFilter, deviceCount }: Props) {
  return (
    <header className="app-header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
          <rect x="3" y="3" width="8" height="8" rx="2" />
          <rect x="13" y="3" width="8" height="8" rx="2" opacity="0.6" />
          <rect x="3" y="13" width="8" height="8" rx="2" opacity="0.6" />
          <rect x="13" y="13" width="8" height="8" rx="2" opacity="0.3" />
        </svg>
        <h1>Rig</h1>
        <span className="brand-sub">testbed dashboard</span>
      </div>
      <FilterBox value={filter} onChange={onFilter} />
      <div className="header-end">
        <span className="device-count">{deviceCount} devices</span>
        <ConnectionBadge connection={connection} onRetry={onRetry} />
      </div>
    </header>
  );
}
