import type { ReactNode } from 'react';
import type { ConnectionState } from '../live/connection.ts';
import { hrefOf, type PageName } from '../session/routing.ts';
import { BrandMark } from './BrandMark.tsx';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { UserMenu } from './UserMenu.tsx';

interface Props {
  connection: ConnectionState;
  onRetry: () => void;
  page: PageName;
  /** The pages this user may open, in order. */
  pages: ReadonlyArray<{ page: PageName; label: string }>;
  /** The live page's filter box; other pages have none. */
  children?: ReactNode;
  deviceCount: number;
}

export function Header({ connection, onRetry, page, pages, children, deviceCount }: Props) {
  return (
    <header className="app-header">
      <div className="brand">
        <BrandMark />
        <h1>Rig</h1>
        <span className="brand-sub">testbed dashboard</span>
      </div>
      <nav className="nav" aria-label="Pages">
        {pages.map((entry) => (
          <a
            key={entry.page}
            href={hrefOf(entry.page)}
            className="nav-link"
            aria-current={entry.page === page ? 'page' : undefined}
          >
            {entry.label}
          </a>
        ))}
      </nav>
      {children}
      <div className="header-end">
        {page === 'live' && <span className="device-count">{deviceCount} devices</span>}
        <ConnectionBadge connection={connection} onRetry={onRetry} />
        <UserMenu />
      </div>
    </header>
  );
}
