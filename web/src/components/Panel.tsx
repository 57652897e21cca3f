import { type ReactNode, useId } from 'react';

interface PanelProps {
  title: string;
  /** Shown after the title, e.g. "37" or "12 of 37". */
  count?: string;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A titled region of the dashboard; its title names it for assistive technology and tests. */
export function Panel({ title, count, actions, className, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId}>
      <header className="panel-header">
        <h2 id={headingId}>{title}</h2>
        {count !== undefined && <span className="panel-count">{count}</span>}
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
