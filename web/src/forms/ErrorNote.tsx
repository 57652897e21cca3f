import type { ReactNode } from 'react';

/** An error next to what caused it, announced at once to screen readers. */
export function ErrorNote({ error, children }: { error: Error | undefined; children?: ReactNode }) {
  if (!error) return null;
  return (
    <div className="error-note" role="alert">
      <svg viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="8" cy="8" r="7" />
        <path d="M8 4.5v4.5M8 11.2v.3" />
      </svg>
      <div>
        <p>{error.message}</p>
        {children}
      </div>
    </div>
  );
}

/** A success message, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}
